/**
 * Stalwart's SQL directory queries. The defaults are verbatim from Stalwart's documentation
 * (../shared/REFERENCE.md); ours are what docs/stalwart/ ships. Every query names tables without a
 * schema: the read-only role's search_path is `directory`. Tests run all of them as that role and
 * check their plans, and a test checks the shipped config files carry exactly these strings.
 */

/** Up to 0.9 (the `[directory.sql.query]` keys). */
export const DEFAULT_QUERIES_0_9 = {
  name: 'SELECT name, type, secret, description, quota FROM accounts WHERE name = $1 AND active = true',
  members: 'SELECT member_of FROM group_members WHERE name = $1',
  recipients: 'SELECT name FROM emails WHERE address = $1 ORDER BY name ASC',
  emails: "SELECT address FROM emails WHERE name = $1 AND type != 'list' ORDER BY type DESC, address ASC",
  verify:
    "SELECT address FROM emails WHERE address LIKE '%' || $1 || '%' AND type = 'primary' ORDER BY address LIMIT 5",
  expand:
    "SELECT p.address FROM emails AS p JOIN emails AS l ON p.name = l.name WHERE p.type = 'primary' AND l.address = $1 AND l.type = 'list' ORDER BY p.address LIMIT 50",
  domains: "SELECT 1 FROM emails WHERE address LIKE '%@' || $1 LIMIT 1",
} as const;

/** 0.10 to 0.15 (`[store.<id>.query]`); `secrets` is optional and has no default. */
export const DEFAULT_QUERIES_0_15 = {
  name: DEFAULT_QUERIES_0_9.name,
  members: DEFAULT_QUERIES_0_9.members,
  recipients: DEFAULT_QUERIES_0_9.recipients,
  emails: 'SELECT address FROM emails WHERE name = $1 ORDER BY type DESC, address ASC',
} as const;

/** 0.16 (fields of the SQL Directory object). */
export const DEFAULT_QUERIES_0_16 = {
  queryLogin: 'SELECT name, secret, description, type FROM accounts WHERE name = $1',
  queryRecipient: 'SELECT name, secret, description, type FROM accounts WHERE name = $1 AND active = true',
  queryMemberOf: 'SELECT member_of FROM group_members WHERE name = $1',
  queryEmailAliases: 'SELECT address FROM emails WHERE name = $1',
} as const;

/**
 * What we ship for 0.10–0.15 (and the lookup keys older lines read):
 * - name: a receive-only account (login_allowed = false) yields no secret;
 * - recipients: an inactive account is not a recipient, so mail for it is refused at RCPT time
 *   instead of being accepted and bounced;
 * - emails: the catch-all (`@domain`) is an address to deliver to, not one to send as;
 * - secrets: the app passwords, only while sign-in is allowed;
 * - verify: a prefix search with the text_pattern_ops operators, so even a generic plan uses
 *   emails_address_prefix_index (LIKE cannot, and would treat % and _ in $1 as wildcards); the
 *   byte-order sort keeps the planner from walking the whole unique index for its order instead;
 * - domains: our domains table (MAIL_DOMAINS and verified custom domains) instead of scanning
 *   every address — an unverified domain never becomes local.
 */
export const HUB_QUERIES_0_15 = {
  name: 'SELECT name, type, CASE WHEN login_allowed THEN secret END AS secret, description, quota FROM accounts WHERE name = $1 AND active = true',
  members: DEFAULT_QUERIES_0_9.members,
  recipients:
    'SELECT e.name FROM emails AS e JOIN accounts AS a ON a.name = e.name WHERE e.address = $1 AND a.active = true ORDER BY e.name ASC',
  emails:
    "SELECT address FROM emails WHERE name = $1 AND address NOT LIKE '@%' ORDER BY type DESC, address ASC",
  secrets:
    'SELECT p.secret FROM app_passwords AS p JOIN accounts AS a ON a.name = p.name WHERE p.name = $1 AND a.active = true AND a.login_allowed = true ORDER BY p.created_at',
  verify:
    'SELECT address FROM emails WHERE address ~>=~ lower($1) AND address ~<~ (lower($1) || chr(1114111)) AND type = \'primary\' ORDER BY address COLLATE "C" LIMIT 5',
  expand: DEFAULT_QUERIES_0_9.expand,
  domains: 'SELECT 1 FROM domains WHERE name = lower($1) LIMIT 1',
} as const;

/**
 * What we ship for 0.16:
 * - queryLogin: one row per secret — the account's own secret if it has one, then each app
 *   password — and none at all while sign-in is not allowed or the account is inactive (the
 *   default reads no `active` column, so an inactive account could sign in);
 * - queryRecipient: resolves any address (primary, alias, list, catch-all) through `emails`; the
 *   default only matches the account name, so aliases would bounce. It returns no secret;
 * - queryEmailAliases: without the catch-all.
 */
export const HUB_QUERIES_0_16 = {
  queryLogin:
    'SELECT a.name, a.secret, a.description, a.type FROM accounts AS a WHERE a.name = $1 AND a.active = true AND a.login_allowed = true AND a.secret IS NOT NULL UNION ALL SELECT a.name, p.secret, a.description, a.type FROM accounts AS a JOIN app_passwords AS p ON p.name = a.name WHERE a.name = $1 AND a.active = true AND a.login_allowed = true',
  queryRecipient:
    'SELECT a.name, NULL AS secret, a.description, a.type FROM emails AS e JOIN accounts AS a ON a.name = e.name WHERE e.address = $1 AND a.active = true',
  queryMemberOf: DEFAULT_QUERIES_0_16.queryMemberOf,
  queryEmailAliases:
    "SELECT address FROM emails WHERE name = $1 AND address NOT LIKE '@%' ORDER BY type DESC, address ASC",
} as const;

export const ALL_QUERY_SETS = {
  'default 0.9': DEFAULT_QUERIES_0_9,
  'default 0.15': DEFAULT_QUERIES_0_15,
  'default 0.16': DEFAULT_QUERIES_0_16,
  'hub 0.15': HUB_QUERIES_0_15,
  'hub 0.16': HUB_QUERIES_0_16,
} as const;

/** The two samples that cannot use an index (leading-wildcard LIKE); replaced in HUB_QUERIES_0_15. */
export const FULL_SCAN_DEFAULTS = ['default 0.9.verify', 'default 0.9.domains'] as const;
