/** Staff creating accounts and handing over one-time password links. */
export const staffAccounts = {
  'staffAccounts.create.button': 'Create user',
  'staffAccounts.create.title': 'Create a user',
  'staffAccounts.create.intro': 'The person gets an account with this email address.',
  'staffAccounts.create.introPassword':
    'They choose a password with a one-time link. It is emailed to them when this hub sends mail, and shown to you once either way.',
  'staffAccounts.create.introFxa':
    'They sign in with the Mozilla account of this email address; no link is needed. They are told by email when this hub sends mail.',
  'staffAccounts.create.email': 'Email',
  'staffAccounts.create.name': 'Name (optional)',
  'staffAccounts.create.language': 'Language of their messages',
  'staffAccounts.create.languageHint':
    'Their first message and later ones are written in it; they can change it in their settings.',
  'staffAccounts.create.staff': 'Staff: can use the staff area',
  'staffAccounts.create.staffOnlySuperusers': 'Only superusers can create staff accounts.',
  'staffAccounts.create.submit': 'Create user',
  'staffAccounts.create.emailTaken': 'An account with this email already exists.',
  'staffAccounts.create.done': '{email} has been created.',
  'staffAccounts.create.doneFxa':
    '{email} has been created. They can sign in with the Mozilla account of this address now.',
  'staffAccounts.create.doneFxaMailed':
    '{email} has been created. We emailed them that they can sign in with the Mozilla account of this address now.',
  'staffAccounts.create.openUser': 'Open the user',

  'staffAccounts.reset.button': 'Create password reset link',
  'staffAccounts.reset.title': 'Create a password reset link?',
  'staffAccounts.reset.body':
    'You get a one-time link for {email} to choose a new password. It is emailed to them when this hub sends mail and their address is confirmed, and shown to you once either way. Any earlier link stops working, and choosing a password signs them out everywhere.',
  'staffAccounts.reset.confirm': 'Create link',

  'staffAccounts.link.inviteTitle': 'Invitation link for {email}',
  'staffAccounts.link.resetTitle': 'Password reset link for {email}',
  'staffAccounts.link.label': 'One-time link',
  'staffAccounts.link.onceNote':
    'This link is shown only once. Copy it now and hand it to the person yourself: it is not sent by email.',
  'staffAccounts.link.mailedNote':
    'We emailed this link to {email}. It is shown here only once, if you need to hand it over yourself.',
  'staffAccounts.link.expires': 'It works once and expires on {date}.',
  'staffAccounts.link.copy': 'Copy link',
  'staffAccounts.link.copied': 'Link copied.',
  'staffAccounts.link.copyFailed': 'Copying did not work: select the link and copy it yourself.',
  'staffAccounts.link.done': 'Done',
} as const;
