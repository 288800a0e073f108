import type { SignInFailureReason } from '@accounts/core/identity/browser';

/** The signed-out pages (sign in, sign up, set a password, sign-in errors) and signing out. */
export const signIn = {
  'signIn.title': 'Sign in',
  'signIn.signUpTitle': 'Create an account',
  'signIn.setPasswordTitle': 'Choose your password',
  'signIn.intro': 'One account for mail, calendar, files and everything else in the suite.',
  'signIn.mozillaIntro': 'Your account here uses Mozilla accounts. You will come back here after signing in.',
  'signIn.continuingTo': 'Sign in to continue to {app}.',
  'signIn.mozillaButton': 'Sign in with Mozilla accounts',
  'signIn.identifier': 'Email or username',
  'signIn.password': 'Password',
  'signIn.newPassword': 'New password',
  'signIn.newPasswordHint': 'At least {min} characters.',
  'signIn.setPasswordIntro': 'Choose the password you will sign in with from now on.',
  'signIn.email': 'Email',
  'signIn.username': 'Username (optional)',
  'signIn.usernameHint': '2–40 letters, digits, dots, dashes or underscores.',
  'signIn.displayName': 'Name (optional)',
  'signIn.submitSignIn': 'Sign in',
  'signIn.submitSignUp': 'Create account',
  'signIn.submitSetPassword': 'Save password and sign in',
  'signIn.working': 'Please wait…',
  'signIn.noAccount': 'No account yet?',
  'signIn.signUpLink': 'Create one',
  'signIn.haveAccount': 'Already have an account?',
  'signIn.signInLink': 'Sign in',
  'signIn.signedInAs': 'You are signed in as {who}.',
  'signIn.continueToDashboard': 'Continue to your dashboard',
  'signIn.refused': 'That email or username and password do not match an account.',
  'signIn.throttled': 'Too many attempts. Try again in {seconds} s.',
  'signIn.emailTaken': 'An account with this email already exists. Sign in instead.',
  'signIn.usernameTaken': 'This username is taken.',
  'signIn.usernameFormat': 'Use 2–40 letters, digits, dots, dashes or underscores.',
  'signIn.linkInvalid': 'This link is not valid any more. Ask for a new one.',
  'signIn.forgotLink': 'Forgot password?',
  'signIn.forgotTitle': 'Reset your password',
  'signIn.forgotIntro':
    'Enter the email address of your account. We will send you a link to choose a new password.',
  'signIn.submitForgot': 'Send the link',
  'signIn.forgotSent':
    'If an account uses {email}, a link to choose a new password is on its way there. It works once, for 24 hours.',
  'signIn.forgotSentHint':
    'Nothing arrived? Look in your spam folder, or check that you typed the address you signed up with.',
  'signIn.backToSignIn': 'Back to sign in',

  'checkEmail.title': 'Check your mail',
  'checkEmail.sent': 'We sent a link to {email}. Open it to confirm that the address is yours.',
  'checkEmail.hint':
    'Until you do, apps you use with this account see your address as not confirmed. The link works for 48 hours.',
  'checkEmail.sentSignedOut':
    'We sent a message to {email}. Open it and follow its link, then sign in with your email and password.',
  'checkEmail.sentSignedOutNoAddress':
    'If you just signed up, we sent a message to the address you gave. Open it and follow its link, then sign in with your email and password.',
  'checkEmail.signedOutHint':
    'Nothing arrived? Look in your spam folder, and check that you typed your address right. The link works for 48 hours.',
  'checkEmail.continue': 'Continue',
  'checkEmail.resend': 'Send the link again',
  'checkEmail.resent': 'A new link is on its way to {email}; earlier links no longer work.',
  'checkEmail.throttled': 'You asked for several links already. Try again in {seconds} s.',
  'checkEmail.alreadyConfirmed': 'Your address {email} is confirmed.',
  'checkEmail.signIn': 'Sign in',

  'verifyEmail.title': 'Confirm your email address',
  'verifyEmail.working': 'Confirming your address…',
  'verifyEmail.confirmed': 'Thank you: {email} is confirmed.',
  'verifyEmail.invalid':
    'This link is not valid any more: it was used already, replaced by a newer one, or it expired. Sign in to ask for a new one.',
  'verifyEmail.toDashboard': 'Go to your dashboard',

  'signOut.button': 'Sign out',
  'signOut.working': 'Signing out…',
  'signOut.failed': 'Signing out did not work. Please try again.',

  'signInError.title': 'Sign-in did not work',
  'signInError.tryAgain': 'Try again',
  'signInError.clientAdvice':
    'If you were signing in to another app, go back to that app and start signing in there again.',
  'signInError.reason.cancelled': 'You cancelled signing in with Mozilla accounts. Nothing was changed.',
  'signInError.reason.expired':
    'Signing in took too long, or it was started in another browser or tab. Please start again.',
  'signInError.reason.state-mismatch':
    'We could not confirm that this sign-in was started here, so we stopped it to protect your account. Please start again.',
  'signInError.reason.code-rejected':
    'Mozilla accounts did not accept this sign-in any more (it may have been used already or taken too long).',
  'signInError.reason.provider-unavailable':
    'Mozilla accounts cannot be reached right now. Please try again in a few minutes.',
  'signInError.reason.provider-error':
    'Mozilla accounts answered in a way we did not expect. Please try again.',
  'signInError.reason.login-link-invalid':
    'This sign-in link has already been used or has expired. Links work once, for three minutes.',
  'signInError.reason.app-unavailable': 'The app you were signing in to is not available at the moment.',
  'signInError.reason.account-disabled':
    'This account is disabled. Please contact support if you think this is a mistake.',
  'signInError.reason.account-conflict':
    'The email address of your Mozilla account already belongs to another account here. Please contact support.',
  'signInError.reason.wrong-method': 'This way of signing in is not used here.',
  'signInError.reason.signup-not-allowed': 'New accounts for this address are not allowed here yet.',
  'signInError.reason.unknown': 'Something went wrong on our side. Please try again.',

  'signUpNotAllowed.title': 'You cannot create an account here yet',
  'signUpNotAllowed.body':
    'There is no account for {email} here, and new accounts are only made for people the team has allowed. Nothing was created and nothing about you was kept.',
  'signUpNotAllowed.closed':
    'There is no account for {email} here, and no new accounts are being made at the moment.',
  'signUpNotAllowed.bodyNoAddress':
    'There is no account here for the address you used, and new accounts are only made for people the team has allowed. Nothing was created and nothing about you was kept.',
  'signUpNotAllowed.closedNoAddress':
    'There is no account here for the address you used, and no new accounts are being made at the moment.',
  'signUpNotAllowed.fromMozilla': 'This is the address of the Mozilla account you signed in with.',
  'signUpNotAllowed.askStaffNoAddress':
    'If you should have access, ask the team to allow the address you used. Once they have, try again the same way and your account is created.',
  'signUpNotAllowed.askStaff':
    'If you should have access, send this link to the team. It opens the allow list with your address filled in, so they can allow you with one click:',
  'signUpNotAllowed.copy': 'Copy the link',
  'signUpNotAllowed.afterwards':
    'Once they have allowed you, try again the same way and your account is created.',
  'signUpNotAllowed.otherAccount':
    'If you already have an account here under another address, sign in with that one instead.',
  'signUpNotAllowed.tryAgain': 'Sign in again',
} as const satisfies Record<`signInError.reason.${SignInFailureReason}`, string> & Record<string, string>;
