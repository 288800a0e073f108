import type { MailTemplate } from '../../kernel/outgoing-mail/compose.ts';

/** The words of the account's own notices, in every language the hub writes mail in. */

/** A subscription the deletion left to run out: its plan, and when Paddle stops it (if known). */
export interface EndingSubscription {
  planName: string | null;
  endsAt: Date | null;
}

export interface AccountDeletedParams {
  name: string;
  byStaff: boolean;
  subscriptions: EndingSubscription[];
  /** The person's time zone, for the dates. */
  timeZone: string;
}

/** A date as the person reads it, in their zone (an unknown zone falls back to UTC). */
function day(locale: string, date: Date, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone }).format(date);
  } catch {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
  }
}

/**
 * Deletion is immediate (one transaction, no grace period): so this says it happened, what went,
 * what is still to come (a paid period runs out, nothing is charged again), and that it cannot
 * be undone. Sent only to an address the person confirmed (privacy.ts).
 */
export const accountDeletedMail: MailTemplate<AccountDeletedParams> = {
  en: ({ name, byStaff, subscriptions, timeZone, hubName }) => ({
    subject: `Your ${hubName} account was deleted`,
    paragraphs: [
      `Hello ${name},`,
      byStaff
        ? `Your ${hubName} account was deleted by our staff, with its mailbox, addresses and app passwords. Connected apps were told.`
        : `Your ${hubName} account was deleted, with its mailbox, addresses and app passwords. Connected apps were told.`,
      ...subscriptions.map(({ planName, endsAt }) => {
        const plan = planName ? `Your subscription to ${planName}` : 'Your subscription';
        return endsAt
          ? `${plan} will not renew: it ends on ${day('en-GB', endsAt, timeZone)}, at the end of the period already paid for. You will not be charged again.`
          : `${plan} will not renew. You will not be charged again.`;
      }),
      'A deleted account cannot be restored. This is the last message we send to this address about it.',
    ],
    footer: ['If you did not expect this, reply to tell us.'],
  }),
  de: ({ name, byStaff, subscriptions, timeZone, hubName }) => ({
    subject: `Ihr Konto bei ${hubName} wurde gelöscht`,
    paragraphs: [
      `Hallo ${name},`,
      byStaff
        ? `Ihr Konto bei ${hubName} wurde von unseren Mitarbeiter:innen gelöscht, mit Postfach, Adressen und App-Passwörtern. Verbundene Apps wurden benachrichtigt.`
        : `Ihr Konto bei ${hubName} wurde gelöscht, mit Postfach, Adressen und App-Passwörtern. Verbundene Apps wurden benachrichtigt.`,
      ...subscriptions.map(({ planName, endsAt }) => {
        const plan = planName ? `Ihr Abonnement ${planName}` : 'Ihr Abonnement';
        return endsAt
          ? `${plan} verlängert sich nicht: Es endet am ${day('de-DE', endsAt, timeZone)}, mit dem Ende des bereits bezahlten Zeitraums. Es wird nichts mehr abgebucht.`
          : `${plan} verlängert sich nicht. Es wird nichts mehr abgebucht.`;
      }),
      'Ein gelöschtes Konto lässt sich nicht wiederherstellen. Dies ist unsere letzte Nachricht an diese Adresse dazu.',
    ],
    footer: ['Wenn Sie das nicht erwartet haben, antworten Sie uns bitte.'],
  }),
};
