/** The security page: sessions, connected apps, password or Mozilla account. */
export const security = {
  'security.title': 'Security',
  'security.description': 'Where you are signed in, which apps use your account, and how you sign in.',

  'security.sessions.title': 'Where you are signed in',
  'security.sessions.caption': 'Your sessions',
  'security.sessions.device': 'Device',
  'security.sessions.ip': 'IP address',
  'security.sessions.created': 'Signed in',
  'security.sessions.lastSeen': 'Last active',
  'security.sessions.actions': 'Actions',
  'security.sessions.thisDevice': 'This device',
  'security.sessions.unknownIp': 'Unknown',
  'security.sessions.method.fxa': 'with a Mozilla account',
  'security.sessions.method.password': 'with a password',
  'security.sessions.signOut': 'Sign out',
  'security.sessions.signOutLabel': 'Sign out {device}, last active {lastSeen}',
  'security.sessions.signOutOthers': 'Sign out all other sessions',
  'security.sessions.onlyThis': 'You are signed in on this device only.',
  'security.sessions.confirmOne.title': 'Sign out this session?',
  'security.sessions.confirmOne.body':
    '{device} ({ip}) will be signed out at once. Whoever uses it must sign in again.',
  'security.sessions.confirmOthers.title': 'Sign out everywhere else?',
  'security.sessions.confirmOthers.body_one':
    'Your other session will be signed out at once. You stay signed in on this device.',
  'security.sessions.confirmOthers.body_other':
    'Your {count} other sessions will be signed out at once. You stay signed in on this device.',
  'security.sessions.doneOne': 'That session has been signed out.',
  'security.sessions.doneOthers_one': 'One other session has been signed out.',
  'security.sessions.doneOthers_other': '{count} other sessions have been signed out.',

  'security.apps.title': 'Connected apps',
  'security.apps.caption': 'Apps you have signed in to with this account',
  'security.apps.none': 'You have not signed in to any app with this account yet.',
  'security.apps.noneHint':
    'The apps your plan includes are listed on the overview; after you sign in to one, it shows here.',
  'security.apps.name': 'App',
  'security.apps.firstConnected': 'First used',
  'security.apps.lastSeen': 'Last used',

  'security.email.title': 'Email address',
  'security.email.current': 'Your account uses {email}.',
  'security.email.confirmed': 'Confirmed',
  'security.email.unconfirmed': 'Not confirmed',
  'security.email.unconfirmedHint':
    'Open the link we mailed to this address to confirm it is yours. Until then, apps you use see it as not confirmed.',
  'security.email.resend': 'Send the link again',
  'security.email.resent': 'A new link is on its way.',
  'security.email.resendFailed': 'The link could not be sent now. Try again in a few minutes.',
  'security.email.change': 'Change your email address',
  'security.email.new': 'New email address',
  'security.email.submit': 'Send a confirmation link',
  'security.email.changeSent': 'We sent a link to {email}. Your address changes when you open it.',
  'security.email.taken': 'This address is yours already, or another account uses it.',
  'security.password.title': 'Password',
  'security.password.intro': 'Changing your password signs you out on every other device and browser.',
  'security.password.current': 'Current password',
  'security.password.new': 'New password',
  'security.password.newHint': 'At least {min} characters.',
  'security.password.noneYet': 'You have no password yet: choose one to sign in with.',
  'security.password.submit': 'Change password',
  'security.password.currentWrong': 'The current password is not right.',
  'security.password.done': 'Your password has been changed.',
  'security.password.doneEnded_one': 'Your password has been changed, and one other session was signed out.',
  'security.password.doneEnded_other':
    'Your password has been changed, and {count} other sessions were signed out.',

  'security.mozilla.title': 'Mozilla account',
  'security.mozilla.body':
    'You sign in with your Mozilla account. Change its password, two-step authentication and recovery options at Mozilla.',
  'security.mozilla.link': 'Manage your Mozilla account',
  'security.mozilla.newWindow': '(opens in a new tab)',
} as const;
