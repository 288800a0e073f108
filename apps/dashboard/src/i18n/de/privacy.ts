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
  'privacy.delete.effects.data': 'werden Ihr Profil und alles, was dazugehört, gelöscht;',
  'privacy.delete.effects.sessions': 'werden Sie auf allen Geräten und in allen Apps abgemeldet;',
  'privacy.delete.effects.apps': 'erfahren die Apps, die Sie nutzen, dass Ihr Konto nicht mehr besteht.',
  'privacy.delete.confirmLabel': 'Geben Sie zur Bestätigung Ihre E-Mail-Adresse ein ({email})',
  'privacy.delete.mismatch': 'Das ist nicht die E-Mail-Adresse Ihres Kontos.',
  'privacy.delete.confirm': 'Mein Konto löschen',
};
