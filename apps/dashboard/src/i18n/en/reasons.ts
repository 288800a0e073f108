/**
 * Why the API refused something, by its stable reason code (HubErrorReason in
 * packages/core/src/kernel/errors.ts); lib/reasons.ts maps each code to its key here.
 */
export const reasons = {
  'reason.required': 'Please fill this in.',
  'reason.only-local-part': 'Enter only the part before the @.',
  'reason.plus-sign': 'The + sign is kept for sub-addresses (you+anything@…) and cannot be used.',
  'reason.too-short': 'This is too short.',
  'reason.too-long': 'This is too long.',
  'reason.invalid-characters':
    'Use only letters a–z, digits, dots, hyphens and underscores (no spaces or accents).',
  'reason.invalid-edges': 'Start and end with a letter or a digit.',
  'reason.double-dot': 'Two dots in a row are not allowed.',
  'reason.dollar-sign': 'The $ sign cannot be used in a name.',
  'reason.reserved': '"{localPart}" is reserved for the mail service.',
  'reason.taken': 'This address is already taken.',
  'reason.duplicate': 'You already have this one.',
  'reason.invalid-domain': 'This is not a domain name: use letters, digits and hyphens, such as example.org.',
  'reason.service-domain': '{domain} belongs to the mail service and cannot be added.',
  'reason.domain-unverified': '{domain} is not verified yet. Verify it first.',
  'reason.domain-taken': 'This domain is already in use by another account.',
  'reason.domain-has-aliases': 'Remove the addresses on {domain} first: {addresses}.',
  'reason.limit-reached': 'Your plan includes {limit} of these and you use them all. Remove one first.',
  'reason.not-included': 'Your plan does not include this.',
  'reason.no-mail-plan': 'Your plan does not include a mailbox. Choose a plan with mail first.',
  'reason.no-mailbox': 'You have no mailbox yet. Choose your address first.',
  'reason.mailbox-receive-only':
    'Your mailbox only receives mail while your plan has lapsed, so this is not possible now.',
  'reason.mailbox-inactive': 'Your mailbox is inactive, so this is not possible now.',
  'reason.address-fixed': 'You already have a mailbox; its address cannot change.',
  'reason.not-removable': 'This address comes with your mailbox and cannot be removed.',
  'reason.catch-all-setting': 'Turn the catch-all off in the domain settings instead.',
  'reason.signup-not-allowed': 'New accounts for this address are not allowed here yet.',
} as const;
