import type { profile as english } from '../en/profile.ts';

export const profile: Record<keyof typeof english, string> = {
  'profile.title': 'Profil',
  'profile.description': 'Wie Sie in Ihren Apps erscheinen und wie wir Ihnen Datum und Uhrzeit anzeigen.',
  'profile.picture.title': 'Bild',
  'profile.picture.fromMozilla': 'Ihr Bild stammt aus Ihrem Mozilla-Konto. Ändern Sie es dort.',
  'profile.picture.none':
    'Konten hier haben kein eigenes Bild, und es lässt sich keines hochladen: Stattdessen werden Ihre Initialen gezeigt, hier und in Ihren Apps.',
  'profile.mozillaLink': 'Ihr Mozilla-Konto öffnen',
  'profile.owner.mozilla': 'Aus Ihrem Mozilla-Konto',
  'profile.owner.person': 'Von Ihnen festgelegt',
  'profile.email.fromMozilla':
    'Die Adresse Ihres Mozilla-Kontos, mit der Sie sich anmelden. Ändern Sie sie in Ihrem Mozilla-Konto; hier wird sie bei der nächsten Anmeldung übernommen.',
  'profile.details.title': 'Angaben',
  'profile.email.label': 'E-Mail-Adresse',
  'profile.email.description': 'Die Adresse, mit der Sie sich anmelden.',
  'profile.displayName.label': 'Name',
  'profile.displayName.description':
    'Wird Ihnen und den Apps angezeigt, bei denen Sie sich anmelden. Leer lassen, um Ihre E-Mail-Adresse zu zeigen.',
  'profile.displayName.fromMozilla':
    'Ihr Mozilla-Konto hält diesen Namen aktuell. Ändern Sie ihn hier, bleibt er so, wie Sie ihn festlegen: Mozilla ändert ihn dann nicht mehr.',
  'profile.displayName.byPerson':
    'Sie haben diesen Namen hier festgelegt; ein anderer Name in Ihrem Mozilla-Konto ersetzt ihn nicht.',
  'profile.language.label': 'Sprache',
  'profile.language.description': 'Die Sprache dieses Dashboards.',
  'profile.language.invalid': 'Bitte wählen Sie eine Sprache aus der Liste.',
  'profile.timezone.label': 'Zeitzone',
  'profile.timezone.description':
    'Datum und Uhrzeit werden in dieser Zone angezeigt. Dort ist es jetzt {time}.',
  'profile.timezone.hint': 'Tippen Sie eine Stadt oder Region, um zu suchen.',
  'profile.timezone.invalid': 'Bitte wählen Sie eine Zeitzone aus der Liste.',
  'profile.save': 'Profil speichern',
  'profile.saved': 'Ihr Profil wurde gespeichert.',
};
