export const privacy = {
  'privacy.title': 'Privacy',
  'privacy.description': 'Take a copy of your data with you, or delete your account.',
  'privacy.export.title': 'Download your data',
  'privacy.export.body': 'One JSON file with everything we hold about you:',
  'privacy.export.includes.profile': 'your profile and settings',
  'privacy.export.includes.sessions': 'the places you are signed in',
  'privacy.export.includes.clients': 'the apps you have signed in to',
  'privacy.export.includes.audit': 'the changes made to your account, and by whom (you, staff or the system)',
  'privacy.export.includes.mailFromTheHub':
    'the messages we sent you: what each was about, to which address, when, and whether it went out (not their text, which we delete once sent)',
  'privacy.export.button': 'Download my data',
  'privacy.export.working': 'Preparing your file…',
  'privacy.export.done': 'Your data has been downloaded.',
  'privacy.cookies.title': 'Cookies',
  'privacy.cookies.body':
    'We set only the cookies the hub needs to work. None is used for tracking or advertising, and none is shared.',
  'privacy.cookies.session': 'Your sign-in: keeps you signed in until you sign out or the session ends.',
  'privacy.cookies.pending':
    'A sign-in in progress: kept for at most 10 minutes while you sign in with Mozilla.',
  'privacy.cookies.device':
    'This browser: a random number, kept for a year, that tells us you signed in here before, so the limits on repeated sign-in attempts from unknown browsers do not lock you out.',
  'privacy.delete.title': 'Delete your account',
  'privacy.delete.body': 'Deleting your account cannot be undone.',
  'privacy.delete.button': 'Delete my account…',
  'privacy.delete.dialogTitle': 'Delete your account?',
  'privacy.delete.dialogBody': 'This cannot be undone. When you confirm:',
  'privacy.delete.checking': 'Checking what your account holds…',
  'privacy.delete.effects.data':
    'Your profile and settings are deleted, and you are signed out on every device.',
  'privacy.delete.subscription.renewing':
    'Your {plan} subscription is cancelled at Paddle now and will not renew: nothing more is charged. The time already paid for (until {date}) is not refunded.',
  'privacy.delete.subscription.ending':
    'Your {plan} subscription already ends on {date}: nothing more is charged.',
  'privacy.delete.subscription.none': 'You have no paid subscription: nothing is charged or cancelled.',
  'privacy.delete.paidPlan': 'paid',
  'privacy.delete.mailbox':
    'Your mailbox {address} is deleted with all the mail in it: you can no longer sign in to it, and mail sent to it is refused. Save any mail you want to keep first.',
  'privacy.delete.noMailbox': 'You have no mailbox, so no mail is deleted.',
  'privacy.delete.aliases': 'Your other addresses stop receiving mail: {list}.',
  'privacy.delete.domains': 'Your domains are released and mail to them is no longer accepted: {list}.',
  'privacy.delete.appPasswords_one': 'Your app password stops working.',
  'privacy.delete.appPasswords_other': 'Your {count} app passwords stop working.',
  'privacy.delete.apps': 'The apps you signed in to are told your account is gone and sign you out: {list}.',
  'privacy.delete.confirmLabel': 'To confirm, type your email address ({email})',
  'privacy.delete.mismatch': 'This is not the email address of your account.',
  'privacy.delete.confirm': 'Delete my account',
} as const;
