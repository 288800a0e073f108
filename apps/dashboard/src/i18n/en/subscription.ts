/** The person's subscription page: plans, Paddle's checkout, the subscription card. */
export const subscription = {
  'subscription.title': 'Subscription',
  'subscription.description': 'Your plan, its price and renewal, and payments through Paddle.',

  'subscription.card.title': 'Your subscription',
  'subscription.card.none': 'You have no subscription yet.',
  'subscription.card.noneHint': 'Choose a plan below to get a mailbox and the apps it includes.',
  'subscription.card.status': 'Status',
  'subscription.card.price': 'Price',
  'subscription.card.product': 'On your invoices',
  'subscription.card.renews': 'Renews on',
  'subscription.card.ends': 'Ends on',
  'subscription.card.ended': 'Ended on',
  'subscription.card.graceEnds': 'Features end on',
  'subscription.card.unknownPlan': 'Being checked',
  'subscription.per.month': '{price} per month',
  'subscription.per.year': '{price} per year',

  'subscription.badge.active': 'Active',
  'subscription.badge.trialing': 'Trial',
  'subscription.badge.ending': 'Ends at period end',
  'subscription.badge.pastDue': 'Payment problem',
  'subscription.badge.paused': 'Paused',
  'subscription.badge.lapsed': 'Ended',
  'subscription.badge.review': 'Being checked by staff',

  'subscription.note.ending':
    'Your subscription ends on {date}. You keep your plan until then; resume it to keep it going.',
  'subscription.note.pastDue':
    'Paddle could not collect your last payment. Update your payment method to keep your plan after {date}.',
  'subscription.note.pastDueNoDate':
    'Paddle could not collect your last payment. Update your payment method to keep your plan.',
  'subscription.note.paused': 'Your subscription is paused. Your plan stays on until {date}.',
  'subscription.note.pausedNoDate': 'Your subscription is paused.',
  'subscription.note.lapsed':
    'Your subscription has ended. Nothing was deleted: your mailbox and its mail are kept. Choose a plan to switch everything back on.',
  'subscription.note.unknownPlan':
    'We received your payment, but its price does not match one of our plans. Our staff will sort it out; you do not need to pay again.',

  'subscription.action.cancel': 'Cancel subscription…',
  'subscription.action.resume': 'Resume subscription',
  'subscription.action.portal': 'Invoices and payment methods',
  'subscription.action.updatePayment': 'Update payment method',
  'subscription.portal.newTab': 'opens in a new tab',
  'subscription.portal.opening': 'Opening Paddle…',
  'subscription.resumed': 'Your subscription will renew as before.',
  'subscription.canceled': 'Your subscription will end on {date}.',
  'subscription.canceledNoDate': 'Your subscription will end at the close of the period.',

  'subscription.cancel.title': 'Cancel your subscription?',
  'subscription.cancel.body':
    'It ends on {date}, at the close of the period you have paid for. Until then nothing changes; you can resume it any time before.',
  'subscription.cancel.bodyNoDate':
    'It ends at the close of the period you have paid for. Until then nothing changes; you can resume it any time before.',
  'subscription.cancel.after':
    'After that the plan’s features switch off. Nothing is deleted: your mailbox and its mail are kept, and a new plan switches everything back on.',
  'subscription.cancel.keep': 'Keep subscription',
  'subscription.cancel.confirm': 'Cancel at period end',

  'subscription.plans.title': 'Plans',
  'subscription.plans.none': 'There are no plans on sale right now.',
  'subscription.plans.current': 'Your plan',
  'subscription.plans.choose': 'Choose {plan}',
  'subscription.plans.changeInPortal':
    'You already have a plan. To switch to another one, use “Invoices and payment methods”, so you are not charged twice.',
  'subscription.plans.notConfigured':
    'Payments are not set up on this hub yet, so plans cannot be bought here. Please ask the team that runs it.',
  'subscription.feature.quota': '{size} mailbox',
  'subscription.feature.aliases_one': '{count} alias',
  'subscription.feature.aliases_other': '{count} aliases',
  'subscription.feature.appPasswords_one': '{count} app password',
  'subscription.feature.appPasswords_other': '{count} app passwords',
  'subscription.feature.domains_one': '{count} own domain',
  'subscription.feature.domains_other': '{count} own domains',
  'subscription.feature.apps': 'Includes {apps}',
  'subscription.features': 'What {plan} includes',

  'subscription.checkout.title': 'Checkout',
  'subscription.checkout.opening': 'Opening Paddle’s secure checkout for {plan}…',
  'subscription.checkout.open': 'Complete the payment for {plan} in Paddle’s window.',
  'subscription.checkout.unavailable':
    'Paddle’s payment window could not be loaded, so the checkout for {plan} did not open. Nothing has been charged. A content blocker, a firewall or a lost connection can cause this.',
  'subscription.checkout.retry': 'Reload and try again',
  'subscription.checkout.pending': 'Payment received by Paddle. Waiting for the confirmation…',
  'subscription.checkout.pendingHint':
    'This usually takes a few seconds. The page updates by itself; you can also leave it and come back.',
  'subscription.checkout.watching': 'Watching for a payment confirmation for {plan}…',
  'subscription.checkout.watchingHint':
    'If you complete the payment another way, for example in another tab, this page updates by itself.',
  'subscription.checkout.devHint':
    'In this sandbox Paddle cannot be reached; developers complete the checkout with:',
  'subscription.checkout.slow':
    'The confirmation is taking longer than usual. If you paid, your plan appears here as soon as Paddle confirms it.',
  'subscription.checkout.checkAgain': 'Check again',
  'subscription.checkout.dismiss': 'Stop waiting',
  'subscription.checkout.active': 'Payment confirmed: {plan} is active. Welcome!',
  'subscription.checkout.failed':
    'The payment for {plan} did not go through and nothing was charged. You can try again, perhaps with another payment method.',
  'subscription.checkout.review':
    'Your payment arrived, but it could not be linked to your account automatically. Our staff will link it by hand; you do not need to pay again.',
  'subscription.checkout.close': 'Close',
  'subscription.checkout.chooseAddress': 'Your plan includes a mailbox: choose its address next.',
  'subscription.checkout.chooseAddressLink': 'Choose your address',
} as const;
