export const profile = {
  'profile.title': 'Profile',
  'profile.description': 'How you appear to the apps you use, and how we show you dates and times.',
  'profile.picture.title': 'Picture',
  'profile.picture.fromMozilla': 'Your picture comes from your Mozilla account. Change it there.',
  'profile.picture.none':
    'Accounts here have no picture of their own, and none can be uploaded: your initials are shown instead, here and in the apps you use.',
  'profile.mozillaLink': 'Open your Mozilla account',
  'profile.owner.mozilla': 'From your Mozilla account',
  'profile.owner.person': 'Set by you',
  'profile.email.fromMozilla':
    'The address of your Mozilla account, which you sign in with. Change it in your Mozilla account; it is updated here the next time you sign in.',
  'profile.details.title': 'Details',
  'profile.email.label': 'Email address',
  'profile.email.description': 'The address you sign in with.',
  'profile.displayName.label': 'Name',
  'profile.displayName.description':
    'Shown to you and to the apps you sign in to. Leave it empty to show your email.',
  'profile.displayName.fromMozilla':
    'Your Mozilla account keeps this up to date. If you change it here, it stays as you set it: Mozilla no longer changes it.',
  'profile.displayName.byPerson':
    'You set this here, so a different name in your Mozilla account does not replace it.',
  'profile.language.label': 'Language',
  'profile.language.description': 'The language of this dashboard.',
  'profile.language.invalid': 'Please choose one of the languages in the list.',
  'profile.timezone.label': 'Time zone',
  'profile.timezone.description': 'Dates and times are shown in this zone. It is {time} there now.',
  'profile.timezone.hint': 'Type a city or region to search.',
  'profile.timezone.invalid': 'Please choose a time zone from the list.',
  'profile.save': 'Save profile',
  'profile.saved': 'Your profile has been saved.',
} as const;
