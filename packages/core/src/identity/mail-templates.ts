import type { MailTemplate } from '../kernel/outgoing-mail/compose.ts';

/** The words of identity's messages, in every language the hub writes mail in. */

const hello = { en: (name: string) => `Hello ${name},`, de: (name: string) => `Hallo ${name},` };
const notYou = {
  en: 'If this was not you, reset your password at once and tell us.',
  de: 'Wenn Sie das nicht waren, setzen Sie sofort Ihr Passwort zurück und sagen Sie uns Bescheid.',
};

export const emailVerificationMail: MailTemplate<{ name: string; link: string; hours: number }> = {
  en: ({ name, link, hours, hubName }) => ({
    subject: `Confirm your email address for ${hubName}`,
    paragraphs: [hello.en(name), `Please confirm that this address is yours by opening the link below.`],
    action: { label: 'Confirm my address', url: link },
    footer: [`The link works once, for ${hours} hours. If you did not ask for it, ignore this message.`],
  }),
  de: ({ name, link, hours, hubName }) => ({
    subject: `Bestätigen Sie Ihre E-Mail-Adresse für ${hubName}`,
    paragraphs: [hello.de(name), 'Bitte bestätigen Sie mit dem Link unten, dass diese Adresse Ihnen gehört.'],
    action: { label: 'Adresse bestätigen', url: link },
    footer: [
      `Der Link gilt einmal und ${hours} Stunden lang. Wenn Sie ihn nicht angefordert haben, ignorieren Sie diese Nachricht.`,
    ],
  }),
};

/** "Forgot password?", or a link staff made for the person (`byStaff`: nobody asked for it by mail). */
export const passwordResetMail: MailTemplate<{
  name: string;
  link: string;
  hours: number;
  byStaff: boolean;
}> = {
  en: ({ name, link, hours, byStaff, hubName }) => ({
    subject: `Reset your ${hubName} password`,
    paragraphs: [
      hello.en(name),
      byStaff
        ? 'Our staff made a link for you to choose a new password for your account. Use the link below; every device signed in to your account will be signed out.'
        : 'Someone asked to reset the password of your account. Choose a new password with the link below; every device signed in to your account will be signed out.',
    ],
    action: { label: 'Choose a new password', url: link },
    footer: [
      byStaff
        ? `The link works once, for ${hours} hours. If you did not expect it, ignore this message and tell us: your password stays as it is.`
        : `The link works once, for ${hours} hours. If you did not ask for it, ignore this message: your password stays as it is.`,
    ],
  }),
  de: ({ name, link, hours, byStaff, hubName }) => ({
    subject: `Ihr Passwort für ${hubName} zurücksetzen`,
    paragraphs: [
      hello.de(name),
      byStaff
        ? 'Unsere Mitarbeiter:innen haben für Sie einen Link erstellt, mit dem Sie ein neues Passwort für Ihr Konto wählen können. Nutzen Sie den Link unten; alle angemeldeten Geräte werden abgemeldet.'
        : 'Jemand möchte das Passwort Ihres Kontos zurücksetzen. Wählen Sie mit dem Link unten ein neues Passwort; alle angemeldeten Geräte werden abgemeldet.',
    ],
    action: { label: 'Neues Passwort wählen', url: link },
    footer: [
      byStaff
        ? `Der Link gilt einmal und ${hours} Stunden lang. Wenn Sie das nicht erwartet haben, ignorieren Sie diese Nachricht und sagen Sie uns Bescheid: Ihr Passwort bleibt, wie es ist.`
        : `Der Link gilt einmal und ${hours} Stunden lang. Wenn Sie das nicht angefordert haben, ignorieren Sie diese Nachricht: Ihr Passwort bleibt, wie es ist.`,
    ],
  }),
};

export const passwordChangedMail: MailTemplate<{ name: string; link: string }> = {
  en: ({ name, link, hubName }) => ({
    subject: `Your ${hubName} password was changed`,
    paragraphs: [
      hello.en(name),
      'The password of your account was just changed, and other devices were signed out.',
    ],
    action: { label: 'Review your security settings', url: link },
    footer: [notYou.en],
  }),
  de: ({ name, link, hubName }) => ({
    subject: `Ihr Passwort für ${hubName} wurde geändert`,
    paragraphs: [
      hello.de(name),
      'Das Passwort Ihres Kontos wurde soeben geändert, andere Geräte wurden abgemeldet.',
    ],
    action: { label: 'Sicherheitseinstellungen ansehen', url: link },
    footer: [notYou.de],
  }),
};

export const emailChangedMail: MailTemplate<{ name: string; newEmail: string }> = {
  en: ({ name, newEmail, hubName }) => ({
    subject: `Your ${hubName} email address was changed`,
    paragraphs: [
      hello.en(name),
      `Your account now uses ${newEmail}. Mail about it no longer comes to this address.`,
    ],
    footer: [notYou.en],
  }),
  de: ({ name, newEmail, hubName }) => ({
    subject: `Ihre E-Mail-Adresse bei ${hubName} wurde geändert`,
    paragraphs: [
      hello.de(name),
      `Ihr Konto verwendet jetzt ${newEmail}. Nachrichten dazu kommen nicht mehr an diese Adresse.`,
    ],
    footer: [notYou.de],
  }),
};

export const staffRightsMail: MailTemplate<{ name: string; granted: boolean; link: string }> = {
  en: ({ name, granted, link, hubName }) => ({
    subject: granted ? `You are now staff at ${hubName}` : `Your staff access at ${hubName} was removed`,
    paragraphs: [
      hello.en(name),
      granted
        ? 'A superuser gave your account staff access: you can now see and change other people’s accounts in the staff area.'
        : 'A superuser removed the staff access of your account. Your own account is unchanged.',
    ],
    action: { label: `Open ${hubName}`, url: link },
    footer: ['If you did not expect this, tell your administrator.'],
  }),
  de: ({ name, granted, link, hubName }) => ({
    subject: granted
      ? `Sie sind jetzt Mitarbeiter:in bei ${hubName}`
      : `Ihr Mitarbeiterzugang bei ${hubName} wurde entfernt`,
    paragraphs: [
      hello.de(name),
      granted
        ? 'Ein Superuser hat Ihrem Konto Mitarbeiterzugang gegeben: Sie können jetzt im Mitarbeiterbereich die Konten anderer sehen und ändern.'
        : 'Ein Superuser hat den Mitarbeiterzugang Ihres Kontos entfernt. Ihr eigenes Konto bleibt, wie es ist.',
    ],
    action: { label: `${hubName} öffnen`, url: link },
    footer: ['Wenn Sie das nicht erwartet haben, wenden Sie sich an Ihre Administration.'],
  }),
};

/** To the owner of an address someone tried to sign up with (sign-up answers the same either way). */
export const signUpAttemptedMail: MailTemplate<{ name: string; link: string }> = {
  en: ({ name, link, hubName }) => ({
    subject: `Someone tried to sign up for ${hubName} with your address`,
    paragraphs: [
      hello.en(name),
      'Someone just tried to create a new account with this email address, but it already belongs to your account, so nothing was created or changed.',
      'If it was you, sign in with the link below; if you do not remember your password, choose “Forgot password?” there to set a new one.',
    ],
    action: { label: 'Sign in', url: link },
    footer: ['If it was not you, you need not do anything: your account stays as it is.'],
  }),
  de: ({ name, link, hubName }) => ({
    subject: `Jemand wollte sich mit Ihrer Adresse bei ${hubName} registrieren`,
    paragraphs: [
      hello.de(name),
      'Jemand hat soeben versucht, mit dieser E-Mail-Adresse ein neues Konto anzulegen. Die Adresse gehört aber schon zu Ihrem Konto, daher wurde nichts angelegt oder geändert.',
      'Wenn Sie das waren, melden Sie sich mit dem Link unten an; wenn Sie Ihr Passwort nicht mehr wissen, wählen Sie dort „Passwort vergessen?“, um ein neues festzulegen.',
    ],
    action: { label: 'Anmelden', url: link },
    footer: ['Wenn Sie das nicht waren, müssen Sie nichts tun: Ihr Konto bleibt, wie es ist.'],
  }),
};

/** A staff member created an account for the person (AUTH_SCHEME=password): choose a password. */
export const invitationMail: MailTemplate<{ name: string; link: string; days: number; asStaff: boolean }> = {
  en: ({ name, link, days, asStaff, hubName }) => ({
    subject: `You have an account at ${hubName}: choose your password`,
    paragraphs: [
      hello.en(name),
      asStaff
        ? `Our staff created an account at ${hubName} for this address, with staff access. Choose a password with the link below to start using it.`
        : `Our staff created an account at ${hubName} for this address. Choose a password with the link below to start using it.`,
      'Afterwards you sign in with this email address and that password.',
    ],
    action: { label: 'Choose my password', url: link },
    footer: [
      `The link works once, for ${days} days. If you did not expect this, ignore this message: nobody can use the account without the link.`,
    ],
  }),
  de: ({ name, link, days, asStaff, hubName }) => ({
    subject: `Sie haben ein Konto bei ${hubName}: Wählen Sie Ihr Passwort`,
    paragraphs: [
      hello.de(name),
      asStaff
        ? `Unsere Mitarbeiter:innen haben für diese Adresse ein Konto bei ${hubName} angelegt, mit Mitarbeiterzugang. Wählen Sie mit dem Link unten ein Passwort, um es zu nutzen.`
        : `Unsere Mitarbeiter:innen haben für diese Adresse ein Konto bei ${hubName} angelegt. Wählen Sie mit dem Link unten ein Passwort, um es zu nutzen.`,
      'Danach melden Sie sich mit dieser E-Mail-Adresse und diesem Passwort an.',
    ],
    action: { label: 'Passwort wählen', url: link },
    footer: [
      `Der Link gilt einmal und ${days} Tage lang. Wenn Sie das nicht erwartet haben, ignorieren Sie diese Nachricht: Ohne den Link kann niemand das Konto nutzen.`,
    ],
  }),
};

/**
 * Under Mozilla sign-in: staff created an account for this address. No link carries a secret:
 * signing in with the Mozilla account of the address is what opens it.
 */
export const accountCreatedMail: MailTemplate<{ name: string; link: string; asStaff: boolean }> = {
  en: ({ name, link, asStaff, hubName }) => ({
    subject: `You have an account at ${hubName}`,
    paragraphs: [
      hello.en(name),
      asStaff
        ? `Our staff created an account at ${hubName} for this address, with staff access.`
        : `Our staff created an account at ${hubName} for this address.`,
      `Sign in with the Mozilla account of this email address to start using your account at ${hubName}.`,
    ],
    action: { label: 'Sign in', url: link },
    footer: [
      'If you did not expect this, ignore this message: only the Mozilla account of this address can open the account.',
    ],
  }),
  de: ({ name, link, asStaff, hubName }) => ({
    subject: `Sie haben ein Konto bei ${hubName}`,
    paragraphs: [
      hello.de(name),
      asStaff
        ? `Unsere Mitarbeiter:innen haben für diese Adresse ein Konto bei ${hubName} angelegt, mit Mitarbeiterzugang.`
        : `Unsere Mitarbeiter:innen haben für diese Adresse ein Konto bei ${hubName} angelegt.`,
      `Melden Sie sich mit dem Mozilla-Konto dieser E-Mail-Adresse an, um Ihr Konto bei ${hubName} zu nutzen.`,
    ],
    action: { label: 'Anmelden', url: link },
    footer: [
      'Wenn Sie das nicht erwartet haben, ignorieren Sie diese Nachricht: Nur das Mozilla-Konto dieser Adresse kann das Konto öffnen.',
    ],
  }),
};
