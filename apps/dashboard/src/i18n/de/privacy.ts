import type { privacy as english } from '../en/privacy.ts';

export const privacy: Record<keyof typeof english, string> = {
  'privacy.title': 'Datenschutz',
  'privacy.description': 'Nehmen Sie eine Kopie Ihrer Daten mit oder löschen Sie Ihr Konto.',
  'privacy.export.title': 'Ihre Daten herunterladen',
  'privacy.export.body': 'Eine JSON-Datei mit allem, was wir über Sie speichern:',
  'privacy.export.includes.profile': 'Ihr Profil und Ihre Einstellungen',
  'privacy.export.includes.sessions': 'wo Sie angemeldet sind',
  'privacy.export.includes.clients': 'die Apps, bei denen Sie sich angemeldet haben',
  'privacy.export.includes.audit':
    'die Änderungen an Ihrem Konto und von wem sie stammen (von Ihnen, von Mitarbeitenden oder vom System)',
  'privacy.export.includes.mailFromTheHub':
    'die Nachrichten, die wir Ihnen geschickt haben: worum es ging, an welche Adresse, wann und ob sie verschickt wurden (nicht ihren Text, den wir nach dem Versand löschen)',
  'privacy.export.button': 'Meine Daten herunterladen',
  'privacy.export.working': 'Ihre Datei wird vorbereitet …',
  'privacy.export.done': 'Ihre Daten wurden heruntergeladen.',
  'privacy.cookies.title': 'Cookies',
  'privacy.cookies.body':
    'Wir setzen nur die Cookies, die der Dienst zum Funktionieren braucht. Keines dient der Verfolgung oder Werbung, und keines wird weitergegeben.',
  'privacy.cookies.session':
    'Ihre Anmeldung: hält Sie angemeldet, bis Sie sich abmelden oder die Sitzung endet.',
  'privacy.cookies.pending':
    'Eine laufende Anmeldung: höchstens 10 Minuten gespeichert, während Sie sich mit Mozilla anmelden.',
  'privacy.cookies.device':
    'Dieser Browser: eine Zufallszahl, ein Jahr lang gespeichert, die uns sagt, dass Sie sich hier schon angemeldet haben, damit die Grenzen für wiederholte Anmeldeversuche aus unbekannten Browsern Sie nicht aussperren.',
  'privacy.delete.title': 'Konto löschen',
  'privacy.delete.body': 'Das Löschen Ihres Kontos kann nicht rückgängig gemacht werden.',
  'privacy.delete.button': 'Mein Konto löschen …',
  'privacy.delete.dialogTitle': 'Konto wirklich löschen?',
  'privacy.delete.dialogBody': 'Das kann nicht rückgängig gemacht werden. Wenn Sie bestätigen:',
  'privacy.delete.checking': 'Wir prüfen, was zu Ihrem Konto gehört …',
  'privacy.delete.effects.data':
    'Ihr Profil und Ihre Einstellungen werden gelöscht, und Sie werden auf allen Geräten abgemeldet.',
  'privacy.delete.subscription.renewing':
    'Ihr Abo {plan} wird jetzt bei Paddle gekündigt und verlängert sich nicht: Es wird nichts mehr abgebucht. Die bereits bezahlte Zeit (bis {date}) wird nicht erstattet.',
  'privacy.delete.subscription.ending':
    'Ihr Abo {plan} endet bereits am {date}: Es wird nichts mehr abgebucht.',
  'privacy.delete.subscription.none':
    'Sie haben kein bezahltes Abo: Es wird nichts abgebucht oder gekündigt.',
  'privacy.delete.paidPlan': '(bezahlt)',
  'privacy.delete.mailbox':
    'Ihr Postfach {address} wird mit allen E-Mails darin gelöscht: Sie können sich nicht mehr anmelden, und E-Mails an diese Adresse werden abgewiesen. Sichern Sie vorher alles, was Sie behalten möchten.',
  'privacy.delete.noMailbox': 'Sie haben kein Postfach, es werden also keine E-Mails gelöscht.',
  'privacy.delete.aliases': 'Ihre weiteren Adressen empfangen keine E-Mails mehr: {list}.',
  'privacy.delete.domains':
    'Ihre Domains werden freigegeben, E-Mails an sie werden nicht mehr angenommen: {list}.',
  'privacy.delete.appPasswords_one': 'Ihr App-Passwort funktioniert nicht mehr.',
  'privacy.delete.appPasswords_other': 'Ihre {count} App-Passwörter funktionieren nicht mehr.',
  'privacy.delete.apps':
    'Die Apps, bei denen Sie sich angemeldet haben, erfahren, dass Ihr Konto gelöscht ist, und melden Sie ab: {list}.',
  'privacy.delete.confirmLabel': 'Geben Sie zur Bestätigung Ihre E-Mail-Adresse ein ({email})',
  'privacy.delete.mismatch': 'Das ist nicht die E-Mail-Adresse Ihres Kontos.',
  'privacy.delete.confirm': 'Mein Konto löschen',
};
