import type { signIn as english } from '../en/sign-in.ts';

export const signIn: Record<keyof typeof english, string> = {
  'signIn.title': 'Anmelden',
  'signIn.signUpTitle': 'Konto erstellen',
  'signIn.setPasswordTitle': 'Passwort festlegen',
  'signIn.intro': 'Ein Konto für E-Mail, Kalender, Dateien und alles andere in der Suite.',
  'signIn.mozillaIntro':
    'Ihr Konto hier verwendet Mozilla-Konten. Nach der Anmeldung kommen Sie hierher zurück.',
  'signIn.continuingTo': 'Melden Sie sich an, um mit {app} fortzufahren.',
  'signIn.mozillaButton': 'Mit Mozilla-Konto anmelden',
  'signIn.identifier': 'E-Mail-Adresse oder Benutzername',
  'signIn.password': 'Passwort',
  'signIn.newPassword': 'Neues Passwort',
  'signIn.newPasswordHint': 'Mindestens {min} Zeichen.',
  'signIn.setPasswordIntro': 'Wählen Sie das Passwort, mit dem Sie sich künftig anmelden.',
  'signIn.email': 'E-Mail-Adresse',
  'signIn.username': 'Benutzername (optional)',
  'signIn.usernameHint': '2–40 Buchstaben, Ziffern, Punkte, Binde- oder Unterstriche.',
  'signIn.displayName': 'Name (optional)',
  'signIn.submitSignIn': 'Anmelden',
  'signIn.submitSignUp': 'Konto erstellen',
  'signIn.submitSetPassword': 'Passwort speichern und anmelden',
  'signIn.working': 'Bitte warten …',
  'signIn.noAccount': 'Noch kein Konto?',
  'signIn.signUpLink': 'Jetzt erstellen',
  'signIn.haveAccount': 'Sie haben schon ein Konto?',
  'signIn.signInLink': 'Anmelden',
  'signIn.signedInAs': 'Sie sind als {who} angemeldet.',
  'signIn.continueToDashboard': 'Weiter zu Ihrer Übersicht',
  'signIn.refused': 'Diese E-Mail-Adresse bzw. dieser Benutzername passt nicht zu diesem Passwort.',
  'signIn.throttled': 'Zu viele Versuche. Bitte versuchen Sie es in {seconds} s noch einmal.',
  'signIn.emailTaken': 'Zu dieser E-Mail-Adresse gibt es schon ein Konto. Bitte melden Sie sich an.',
  'signIn.usernameTaken': 'Dieser Benutzername ist schon vergeben.',
  'signIn.usernameFormat': 'Verwenden Sie 2–40 Buchstaben, Ziffern, Punkte, Binde- oder Unterstriche.',
  'signIn.linkInvalid': 'Dieser Link ist nicht mehr gültig. Bitte fordern Sie einen neuen an.',
  'signIn.forgotLink': 'Passwort vergessen?',
  'signIn.forgotTitle': 'Passwort zurücksetzen',
  'signIn.forgotIntro':
    'Geben Sie die E-Mail-Adresse Ihres Kontos ein. Wir senden Ihnen einen Link, mit dem Sie ein neues Passwort wählen.',
  'signIn.submitForgot': 'Link senden',
  'signIn.forgotSent':
    'Wenn ein Konto {email} verwendet, ist ein Link zum Wählen eines neuen Passworts dorthin unterwegs. Er gilt einmal und 24 Stunden lang.',
  'signIn.forgotSentHint':
    'Nichts angekommen? Sehen Sie im Spam-Ordner nach, oder prüfen Sie, ob Sie die Adresse Ihrer Registrierung eingegeben haben.',
  'signIn.backToSignIn': 'Zurück zur Anmeldung',

  'checkEmail.title': 'Sehen Sie in Ihr Postfach',
  'checkEmail.sent':
    'Wir haben einen Link an {email} gesendet. Öffnen Sie ihn, um zu bestätigen, dass die Adresse Ihnen gehört.',
  'checkEmail.hint':
    'Bis dahin sehen Apps, die Sie mit diesem Konto nutzen, Ihre Adresse als nicht bestätigt. Der Link gilt 48 Stunden.',
  'checkEmail.sentSignedOut':
    'Wir haben eine Nachricht an {email} gesendet. Öffnen Sie sie und folgen Sie ihrem Link; melden Sie sich dann mit Ihrer E-Mail-Adresse und Ihrem Passwort an.',
  'checkEmail.sentSignedOutNoAddress':
    'Wenn Sie sich gerade registriert haben, haben wir eine Nachricht an die angegebene Adresse gesendet. Öffnen Sie sie und folgen Sie ihrem Link; melden Sie sich dann mit Ihrer E-Mail-Adresse und Ihrem Passwort an.',
  'checkEmail.signedOutHint':
    'Nichts angekommen? Sehen Sie im Spam-Ordner nach, und prüfen Sie, ob Sie Ihre Adresse richtig eingegeben haben. Der Link gilt 48 Stunden.',
  'checkEmail.continue': 'Weiter',
  'checkEmail.resend': 'Link erneut senden',
  'checkEmail.resent': 'Ein neuer Link ist an {email} unterwegs; frühere Links gelten nicht mehr.',
  'checkEmail.throttled':
    'Sie haben schon mehrere Links angefordert. Versuchen Sie es in {seconds} s erneut.',
  'checkEmail.alreadyConfirmed': 'Ihre Adresse {email} ist bestätigt.',
  'checkEmail.signIn': 'Anmelden',

  'verifyEmail.title': 'E-Mail-Adresse bestätigen',
  'verifyEmail.working': 'Ihre Adresse wird bestätigt …',
  'verifyEmail.confirmed': 'Danke: {email} ist bestätigt.',
  'verifyEmail.invalid':
    'Dieser Link ist nicht mehr gültig: Er wurde schon benutzt, durch einen neueren ersetzt oder ist abgelaufen. Melden Sie sich an, um einen neuen anzufordern.',
  'verifyEmail.toDashboard': 'Zu Ihrem Dashboard',

  'signOut.button': 'Abmelden',
  'signOut.working': 'Abmelden …',
  'signOut.failed': 'Das Abmelden hat nicht geklappt. Bitte versuchen Sie es noch einmal.',

  'signInError.title': 'Die Anmeldung hat nicht geklappt',
  'signInError.tryAgain': 'Erneut versuchen',
  'signInError.clientAdvice':
    'Wenn Sie sich bei einer anderen App angemeldet haben, gehen Sie zu dieser App zurück und starten Sie die Anmeldung dort neu.',
  'signInError.reason.cancelled':
    'Sie haben die Anmeldung mit Ihrem Mozilla-Konto abgebrochen. Es wurde nichts geändert.',
  'signInError.reason.expired':
    'Die Anmeldung hat zu lange gedauert oder wurde in einem anderen Browser oder Tab begonnen. Bitte beginnen Sie neu.',
  'signInError.reason.state-mismatch':
    'Wir konnten nicht bestätigen, dass diese Anmeldung hier begonnen wurde, und haben sie zum Schutz Ihres Kontos abgebrochen. Bitte beginnen Sie neu.',
  'signInError.reason.code-rejected':
    'Mozilla-Konten hat diese Anmeldung nicht mehr angenommen (vielleicht wurde sie schon verwendet oder hat zu lange gedauert).',
  'signInError.reason.provider-unavailable':
    'Mozilla-Konten ist gerade nicht erreichbar. Bitte versuchen Sie es in ein paar Minuten noch einmal.',
  'signInError.reason.provider-error':
    'Mozilla-Konten hat unerwartet geantwortet. Bitte versuchen Sie es noch einmal.',
  'signInError.reason.login-link-invalid':
    'Dieser Anmeldelink wurde schon verwendet oder ist abgelaufen. Links gelten einmal und drei Minuten lang.',
  'signInError.reason.app-unavailable':
    'Die App, bei der Sie sich anmelden wollten, ist gerade nicht verfügbar.',
  'signInError.reason.account-disabled':
    'Dieses Konto ist deaktiviert. Wenden Sie sich bitte an den Support, wenn Sie das für einen Irrtum halten.',
  'signInError.reason.account-conflict':
    'Die E-Mail-Adresse Ihres Mozilla-Kontos gehört hier schon zu einem anderen Konto. Bitte wenden Sie sich an den Support.',
  'signInError.reason.wrong-method': 'Diese Art der Anmeldung wird hier nicht verwendet.',
  'signInError.reason.signup-not-allowed':
    'Für diese Adresse können hier noch keine neuen Konten angelegt werden.',
  'signInError.reason.unknown': 'Bei uns ist etwas schiefgegangen. Bitte versuchen Sie es noch einmal.',

  'signUpNotAllowed.title': 'Sie können hier noch kein Konto anlegen',
  'signUpNotAllowed.body':
    'Für {email} gibt es hier kein Konto, und neue Konten entstehen nur für Personen, die das Team freigegeben hat. Es wurde nichts angelegt und nichts über Sie gespeichert.',
  'signUpNotAllowed.closed':
    'Für {email} gibt es hier kein Konto, und zurzeit werden keine neuen Konten angelegt.',
  'signUpNotAllowed.bodyNoAddress':
    'Für die Adresse, die Sie verwendet haben, gibt es hier kein Konto, und neue Konten entstehen nur für Personen, die das Team freigegeben hat. Es wurde nichts angelegt und nichts über Sie gespeichert.',
  'signUpNotAllowed.closedNoAddress':
    'Für die Adresse, die Sie verwendet haben, gibt es hier kein Konto, und zurzeit werden keine neuen Konten angelegt.',
  'signUpNotAllowed.fromMozilla':
    'Das ist die Adresse des Mozilla-Kontos, mit dem Sie sich angemeldet haben.',
  'signUpNotAllowed.askStaffNoAddress':
    'Wenn Sie Zugang haben sollten, bitten Sie das Team, die Adresse freizugeben, die Sie verwendet haben. Sobald das geschehen ist, versuchen Sie es auf demselben Weg erneut; dabei wird Ihr Konto angelegt.',
  'signUpNotAllowed.askStaff':
    'Wenn Sie Zugang haben sollten, schicken Sie diesen Link an das Team. Er öffnet die Freigabeliste mit Ihrer Adresse, sodass man Sie mit einem Klick freigeben kann:',
  'signUpNotAllowed.copy': 'Link kopieren',
  'signUpNotAllowed.afterwards':
    'Sobald Sie freigegeben sind, versuchen Sie es auf demselben Weg erneut; dabei wird Ihr Konto angelegt.',
  'signUpNotAllowed.otherAccount':
    'Wenn Sie hier schon ein Konto mit einer anderen Adresse haben, melden Sie sich stattdessen damit an.',
  'signUpNotAllowed.tryAgain': 'Erneut anmelden',
};
