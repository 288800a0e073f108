import type { MailTemplate } from '../kernel/outgoing-mail/compose.ts';

/** The words of mail's security notices, in every language the hub writes mail in. */

export const appPasswordCreatedMail: MailTemplate<{ name: string; label: string; link: string }> = {
  en: ({ name, label, link, hubName }) => ({
    subject: `A new app password was created for your ${hubName} mailbox`,
    paragraphs: [
      `Hello ${name},`,
      `An app password named “${label}” was just created for your mailbox. A mail app can read and send your mail with it.`,
    ],
    action: { label: 'Review your app passwords', url: link },
    footer: ['If this was not you, revoke it there at once and change your password.'],
  }),
  de: ({ name, label, link, hubName }) => ({
    subject: `Neues App-Passwort für Ihr Postfach bei ${hubName}`,
    paragraphs: [
      `Hallo ${name},`,
      `Für Ihr Postfach wurde soeben ein App-Passwort namens „${label}“ erstellt. Eine Mail-App kann damit Ihre Mail lesen und senden.`,
    ],
    action: { label: 'App-Passwörter ansehen', url: link },
    footer: ['Wenn Sie das nicht waren, widerrufen Sie es dort sofort und ändern Sie Ihr Passwort.'],
  }),
};

export const customDomainVerifiedMail: MailTemplate<{ name: string; domain: string; link: string }> = {
  en: ({ name, domain, link, hubName }) => ({
    subject: `${domain} is now verified at ${hubName}`,
    paragraphs: [
      `Hello ${name},`,
      `Your domain ${domain} is verified: mail for it now reaches your mailbox, and you can add addresses on it.`,
    ],
    action: { label: 'Open your domains', url: link },
    footer: ['If you did not add this domain, remove it there and tell us.'],
  }),
  de: ({ name, domain, link, hubName }) => ({
    subject: `${domain} ist jetzt bei ${hubName} bestätigt`,
    paragraphs: [
      `Hallo ${name},`,
      `Ihre Domain ${domain} ist bestätigt: Mail an sie kommt jetzt in Ihr Postfach, und Sie können Adressen mit ihr anlegen.`,
    ],
    action: { label: 'Ihre Domains öffnen', url: link },
    footer: [
      'Wenn Sie diese Domain nicht hinzugefügt haben, entfernen Sie sie dort und sagen Sie uns Bescheid.',
    ],
  }),
};
