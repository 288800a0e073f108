/** The shell and the shared components. Keys are grouped by prefix; German mirrors every key. */
export const common = {
  'app.name': 'Accounts',
  'shell.skipToContent': 'Skip to content',
  'shell.menu': 'Menu',
  'shell.nav': 'Main',
  'shell.nav.people': 'Your account',
  'shell.nav.staff': 'Staff',
  'nav.overview': 'Overview',
  'nav.profile': 'Profile',
  'nav.security': 'Security',
  'nav.subscription': 'Subscription',
  'nav.mail': 'Mail',
  'nav.privacy': 'Privacy',
  'nav.staff.users': 'Users',
  'nav.staff.clients': 'Clients',
  'nav.staff.webhooks': 'Webhook deliveries',
  'nav.staff.subscriptions': 'Subscriptions and Paddle events',
  'nav.staff.mail': 'Mail accounts',
  'nav.staff.audit': 'Audit log',

  'state.loading': 'Loading…',
  'state.retry': 'Try again',
  'error.unreachable': 'The accounts service cannot be reached right now. Please try again in a moment.',
  'error.generic': 'Something went wrong. Please try again.',

  'form.saving': 'Saving…',
  'validation.required': 'Please fill this in.',
  'validation.tooShort': 'Please use at least {min} characters.',
  'validation.tooLong': 'Please use at most {max} characters.',
  'validation.chooseOption': 'Please choose one of the options.',
  'validation.invalidFormat': 'This does not have the expected format.',
  'validation.invalid': 'This value is not valid.',

  'dialog.close': 'Close',
  'table.pagination': 'Pages',
  'table.previous': 'Previous page',
  'table.next': 'Next page',
  'table.pageStatus': 'Page {page} of {pages}',
  'table.results_one': '{number} result',
  'table.results_other': '{number} results',
  'toast.region': 'Notifications',
  'toast.dismiss': 'Dismiss',
  'combobox.noMatches': 'No matches',
  'combobox.matches_one': 'One match',
  'combobox.matches_other': '{count} matches',

  'common.cancel': 'Cancel',
  'common.never': 'Never',
  'common.yes': 'Yes',
  'common.no': 'No',
  'common.staff': 'Staff',

  'notFound.title': 'Page not found',
  'notFound.body': 'There is no page at this address. It may have moved, or the link may be mistyped.',
  'notFound.home': 'Go to the overview',
  'accountDeleted.title': 'Your account has been deleted',
  'accountDeleted.body':
    'Your profile, sessions and app connections are gone, and you are signed out everywhere. Thank you for having been with us.',
  'accountDeleted.signIn': 'Go to the sign-in page',

  'planned.notYet': 'This page is not available yet.',
  'planned.backToOverview': 'Back to the overview',
  'planned.backToUsers': 'Back to users',
  'planned.subscription':
    'Here you will choose a plan, pay through Paddle, see your invoices, and cancel or resume your subscription.',
  'planned.mail':
    'Here you will see your mailbox address and storage, create app passwords for mail programs, and manage aliases and your own domains.',
  'planned.staff.clients':
    'Here staff will register client apps, their environments, tokens, contacts and webhooks.',
  'planned.staff.webhooks':
    'Here staff will follow the webhook deliveries to client apps, see failures and send them again.',
  'planned.staff.subscriptions':
    'Here staff will see all subscriptions and the Paddle events that changed them, including any that could not be applied.',
  'planned.staff.mail': 'Here staff will see mail accounts, their quotas, aliases and domains.',
  'planned.staff.audit': 'Here staff will read the audit log: who changed what, and when.',

  'staff.onlyTitle': 'Staff only',
  'staff.only': 'This area is for staff only.',
} as const;
