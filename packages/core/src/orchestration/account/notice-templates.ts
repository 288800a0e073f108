import type { MailTemplate } from '../../kernel/outgoing-mail/compose.ts';

/** The words of the account's own notices, in every language the hub writes mail in. */

export const accountDeletedMail: MailTemplate<{ name: string; byStaff: boolean }> = {
  en: ({ name, byStaff, hubName }) => ({
    subject: `Your ${hubName} account was deleted`,
    paragraphs: [
      `Hello ${name},`,
      byStaff
        ? `Your ${hubName} account was deleted by our staff, with its mailbox, addresses and app passwords. Connected apps were told.`
        : `Your ${hubName} account was deleted, with its mailbox, addresses and app passwords. Connected apps were told.`,
      'This is the last message we send to this address about it.',
    ],
    footer: ['If you did not expect this, reply to tell us.'],
  }),
  de: ({ name, byStaff, hubName }) => ({
    subject: `Ihr Konto bei ${hubName} wurde gelöscht`,
    paragraphs: [
      `Hallo ${name},`,
      byStaff
        ? `Ihr Konto bei ${hubName} wurde von unseren Mitarbeiter:innen gelöscht, mit Postfach, Adressen und App-Passwörtern. Verbundene Apps wurden benachrichtigt.`
        : `Ihr Konto bei ${hubName} wurde gelöscht, mit Postfach, Adressen und App-Passwörtern. Verbundene Apps wurden benachrichtigt.`,
      'Dies ist unsere letzte Nachricht an diese Adresse dazu.',
    ],
    footer: ['Wenn Sie das nicht erwartet haben, antworten Sie uns bitte.'],
  }),
};
