import type { staffAccounts as english } from '../en/staff-accounts.ts';

export const staffAccounts: Record<keyof typeof english, string> = {
  'staffAccounts.create.button': 'Benutzer anlegen',
  'staffAccounts.create.title': 'Benutzer anlegen',
  'staffAccounts.create.intro': 'Die Person erhält ein Konto mit dieser E-Mail-Adresse.',
  'staffAccounts.create.introPassword':
    'Die Person wählt ihr Passwort mit einem einmaligen Link. Er wird ihr per E-Mail geschickt, wenn dieser Dienst E-Mails versendet, und Ihnen in jedem Fall einmal angezeigt.',
  'staffAccounts.create.introFxa':
    'Die Person meldet sich mit dem Mozilla-Konto dieser E-Mail-Adresse an; ein Link ist nicht nötig. Sie erfährt es per E-Mail, wenn dieser Hub E-Mails versendet.',
  'staffAccounts.create.email': 'E-Mail-Adresse',
  'staffAccounts.create.name': 'Name (optional)',
  'staffAccounts.create.language': 'Sprache ihrer Nachrichten',
  'staffAccounts.create.languageHint':
    'Darin sind ihre erste und alle späteren Nachrichten geschrieben; die Person kann sie in ihren Einstellungen ändern.',
  'staffAccounts.create.staff': 'Mitarbeitende: darf den Mitarbeiterbereich nutzen',
  'staffAccounts.create.staffOnlySuperusers': 'Nur Superuser können Konten für Mitarbeitende anlegen.',
  'staffAccounts.create.submit': 'Benutzer anlegen',
  'staffAccounts.create.emailTaken': 'Zu dieser E-Mail-Adresse gibt es schon ein Konto.',
  'staffAccounts.create.done': '{email} wurde angelegt.',
  'staffAccounts.create.doneFxa':
    '{email} wurde angelegt. Die Person kann sich jetzt mit dem Mozilla-Konto dieser Adresse anmelden.',
  'staffAccounts.create.doneFxaMailed':
    '{email} wurde angelegt. Wir haben der Person per E-Mail mitgeteilt, dass sie sich jetzt mit dem Mozilla-Konto dieser Adresse anmelden kann.',
  'staffAccounts.create.openUser': 'Benutzer öffnen',

  'staffAccounts.reset.button': 'Link zum Zurücksetzen des Passworts erstellen',
  'staffAccounts.reset.title': 'Link zum Zurücksetzen des Passworts erstellen?',
  'staffAccounts.reset.body':
    'Sie erhalten einen einmaligen Link, mit dem {email} ein neues Passwort wählt. Er wird der Person per E-Mail geschickt, wenn dieser Dienst E-Mails versendet und ihre Adresse bestätigt ist, und Ihnen in jedem Fall einmal angezeigt. Ein früherer Link wird ungültig, und mit dem neuen Passwort wird die Person überall abgemeldet.',
  'staffAccounts.reset.confirm': 'Link erstellen',

  'staffAccounts.link.inviteTitle': 'Einladungslink für {email}',
  'staffAccounts.link.resetTitle': 'Link zum Zurücksetzen für {email}',
  'staffAccounts.link.label': 'Einmaliger Link',
  'staffAccounts.link.onceNote':
    'Dieser Link wird nur einmal angezeigt. Kopieren Sie ihn jetzt und geben Sie ihn der Person selbst: Er wird nicht per E-Mail verschickt.',
  'staffAccounts.link.mailedNote':
    'Wir haben diesen Link per E-Mail an {email} geschickt. Er wird hier nur einmal angezeigt, falls Sie ihn selbst weitergeben müssen.',
  'staffAccounts.link.expires': 'Er funktioniert einmal und läuft am {date} ab.',
  'staffAccounts.link.copy': 'Link kopieren',
  'staffAccounts.link.copied': 'Link kopiert.',
  'staffAccounts.link.copyFailed':
    'Kopieren hat nicht geklappt: Markieren Sie den Link und kopieren Sie ihn selbst.',
  'staffAccounts.link.done': 'Fertig',
};
