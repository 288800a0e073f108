import type { security as english } from '../en/security.ts';

export const security: Record<keyof typeof english, string> = {
  'security.title': 'Sicherheit',
  'security.description': 'Wo Sie angemeldet sind, welche Apps Ihr Konto nutzen und wie Sie sich anmelden.',

  'security.sessions.title': 'Wo Sie angemeldet sind',
  'security.sessions.caption': 'Ihre Sitzungen',
  'security.sessions.device': 'Gerät',
  'security.sessions.ip': 'IP-Adresse',
  'security.sessions.created': 'Angemeldet',
  'security.sessions.lastSeen': 'Zuletzt aktiv',
  'security.sessions.actions': 'Aktionen',
  'security.sessions.thisDevice': 'Dieses Gerät',
  'security.sessions.unknownIp': 'Unbekannt',
  'security.sessions.method.fxa': 'mit Mozilla-Konto',
  'security.sessions.method.password': 'mit Passwort',
  'security.sessions.signOut': 'Abmelden',
  'security.sessions.signOutLabel': '{device} abmelden, zuletzt aktiv {lastSeen}',
  'security.sessions.signOutOthers': 'Alle anderen Sitzungen abmelden',
  'security.sessions.onlyThis': 'Sie sind nur auf diesem Gerät angemeldet.',
  'security.sessions.confirmOne.title': 'Diese Sitzung abmelden?',
  'security.sessions.confirmOne.body':
    '{device} ({ip}) wird sofort abgemeldet. Wer das Gerät nutzt, muss sich neu anmelden.',
  'security.sessions.confirmOthers.title': 'Überall sonst abmelden?',
  'security.sessions.confirmOthers.body_one':
    'Ihre andere Sitzung wird sofort abgemeldet. Auf diesem Gerät bleiben Sie angemeldet.',
  'security.sessions.confirmOthers.body_other':
    'Ihre {count} anderen Sitzungen werden sofort abgemeldet. Auf diesem Gerät bleiben Sie angemeldet.',
  'security.sessions.doneOne': 'Die Sitzung wurde abgemeldet.',
  'security.sessions.doneOthers_one': 'Eine andere Sitzung wurde abgemeldet.',
  'security.sessions.doneOthers_other': '{count} andere Sitzungen wurden abgemeldet.',

  'security.apps.title': 'Verbundene Apps',
  'security.apps.caption': 'Apps, bei denen Sie sich mit diesem Konto angemeldet haben',
  'security.apps.none': 'Sie haben sich mit diesem Konto noch bei keiner App angemeldet.',
  'security.apps.noneHint':
    'Die Apps Ihres Tarifs finden Sie in der Übersicht; sobald Sie sich bei einer anmelden, erscheint sie hier.',
  'security.apps.name': 'App',
  'security.apps.firstConnected': 'Zuerst genutzt',
  'security.apps.lastSeen': 'Zuletzt genutzt',

  'security.email.title': 'E-Mail-Adresse',
  'security.email.current': 'Ihr Konto verwendet {email}.',
  'security.email.confirmed': 'Bestätigt',
  'security.email.unconfirmed': 'Nicht bestätigt',
  'security.email.unconfirmedHint':
    'Öffnen Sie den Link, den wir an diese Adresse gesendet haben, um zu bestätigen, dass sie Ihnen gehört. Bis dahin sehen Apps sie als nicht bestätigt.',
  'security.email.resend': 'Link erneut senden',
  'security.email.resent': 'Ein neuer Link ist unterwegs.',
  'security.email.resendFailed':
    'Der Link konnte gerade nicht gesendet werden. Versuchen Sie es in ein paar Minuten erneut.',
  'security.email.change': 'E-Mail-Adresse ändern',
  'security.email.new': 'Neue E-Mail-Adresse',
  'security.email.submit': 'Bestätigungslink senden',
  'security.email.changeSent':
    'Wir haben einen Link an {email} gesendet. Ihre Adresse ändert sich, wenn Sie ihn öffnen.',
  'security.email.taken': 'Diese Adresse gehört schon Ihnen, oder ein anderes Konto verwendet sie.',
  'security.password.title': 'Passwort',
  'security.password.intro':
    'Wenn Sie Ihr Passwort ändern, werden Sie auf allen anderen Geräten und in allen anderen Browsern abgemeldet.',
  'security.password.current': 'Aktuelles Passwort',
  'security.password.new': 'Neues Passwort',
  'security.password.newHint': 'Mindestens {min} Zeichen.',
  'security.password.noneYet': 'Sie haben noch kein Passwort: Wählen Sie eines für die Anmeldung.',
  'security.password.submit': 'Passwort ändern',
  'security.password.currentWrong': 'Das aktuelle Passwort stimmt nicht.',
  'security.password.done': 'Ihr Passwort wurde geändert.',
  'security.password.doneEnded_one': 'Ihr Passwort wurde geändert, und eine andere Sitzung wurde abgemeldet.',
  'security.password.doneEnded_other':
    'Ihr Passwort wurde geändert, und {count} andere Sitzungen wurden abgemeldet.',

  'security.mozilla.title': 'Mozilla-Konto',
  'security.mozilla.body':
    'Sie melden sich mit Ihrem Mozilla-Konto an. Passwort, Zwei-Schritt-Authentifizierung und Wiederherstellung ändern Sie bei Mozilla.',
  'security.mozilla.link': 'Mozilla-Konto verwalten',
  'security.mozilla.newWindow': '(öffnet in einem neuen Tab)',
};
