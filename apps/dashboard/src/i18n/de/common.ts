import type { common as english } from '../en/common.ts';

export const common: Record<keyof typeof english, string> = {
  'app.name': 'Konten',
  'shell.skipToContent': 'Zum Inhalt springen',
  'shell.menu': 'Menü',
  'shell.nav': 'Hauptnavigation',
  'shell.nav.people': 'Ihr Konto',
  'shell.nav.staff': 'Mitarbeitende',
  'nav.overview': 'Übersicht',
  'nav.profile': 'Profil',
  'nav.security': 'Sicherheit',
  'nav.subscription': 'Abonnement',
  'nav.mail': 'E-Mail',
  'nav.privacy': 'Datenschutz',
  'nav.staff.users': 'Benutzer',
  'nav.staff.clients': 'Client-Apps',
  'nav.staff.webhooks': 'Webhook-Zustellungen',
  'nav.staff.subscriptions': 'Abrechnung und Tarife',
  'nav.staff.mail': 'E-Mail-Konten',
  'nav.staff.audit': 'Änderungsprotokoll',
  'nav.staff.outgoingMail': 'Ausgehende Mail',

  'state.loadingPage': 'Die Seite wird geladen …',
  'state.loading': 'Wird geladen …',
  'state.retry': 'Erneut versuchen',
  'error.unreachable':
    'Der Kontodienst ist gerade nicht erreichbar. Bitte versuchen Sie es gleich noch einmal.',
  'error.generic': 'Etwas ist schiefgegangen. Bitte versuchen Sie es noch einmal.',

  'form.saving': 'Wird gespeichert …',
  'validation.required': 'Bitte füllen Sie dieses Feld aus.',
  'validation.tooShort': 'Bitte verwenden Sie mindestens {min} Zeichen.',
  'validation.tooLong': 'Bitte verwenden Sie höchstens {max} Zeichen.',
  'validation.chooseOption': 'Bitte wählen Sie eine der Möglichkeiten.',
  'validation.email': 'Geben Sie eine E-Mail-Adresse ein, etwa name@example.com.',
  'validation.url': 'Geben Sie eine Webadresse ein, die mit https:// beginnt.',
  'validation.invalidFormat': 'Prüfen Sie die Eingabe: Dieses Feld erwartet eine andere Form.',
  'validation.invalid': 'Prüfen Sie die Eingabe: Das wird hier nicht angenommen.',

  'dialog.close': 'Schließen',
  'table.pagination': 'Seiten',
  'table.previous': 'Vorherige Seite',
  'table.next': 'Nächste Seite',
  'table.pageStatus': 'Seite {page} von {pages}',
  'table.results_one': '{number} Ergebnis',
  'table.results_other': '{number} Ergebnisse',
  'toast.region': 'Benachrichtigungen',
  'toast.dismiss': 'Ausblenden',
  'combobox.noMatches':
    'Nichts passt zu „{text}“. Versuchen Sie eine andere Schreibweise oder eine Stadt oder Region.',
  'combobox.matches_one': 'Ein Treffer',
  'combobox.matches_other': '{count} Treffer',

  'common.cancel': 'Abbrechen',
  'common.never': 'Nie',
  'common.yes': 'Ja',
  'common.no': 'Nein',
  'common.staff': 'Mitarbeitende',

  'notFound.title': 'Seite nicht gefunden',
  'notFound.body':
    'Unter dieser Adresse gibt es keine Seite. Vielleicht wurde sie verschoben oder der Link ist falsch.',
  'notFound.home': 'Zur Übersicht',
  'accountDeleted.title': 'Ihr Konto wurde gelöscht',
  'accountDeleted.body':
    'Ihr Profil, Ihre Sitzungen und App-Verbindungen sind gelöscht, und Sie sind überall abgemeldet. Danke, dass Sie bei uns waren.',
  'accountDeleted.signIn': 'Zur Anmeldeseite',

  'staff.onlyTitle': 'Nur für Mitarbeitende',
  'staff.only': 'Dieser Bereich ist nur für Mitarbeitende.',
  'allowList.nav': 'Freigabeliste für Registrierungen',
};
