// CONTRACTS.md (repository root) is what client apps build against: every event type the hub can
// emit must be documented there, with the webhook type that carries it.
import { readFileSync } from 'node:fs';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { User } from '../identity/entities.ts';
import { signAccessToken } from '../identity/signing-keys.ts';
import { toClientUser } from '../identity/users.ts';
import { EVENT_WEBHOOK_TYPES } from '../kernel/events/outbox.ts';
import { testConfig, useTestHub } from '../testing/index.ts';

const contracts = readFileSync(new URL('../../../../CONTRACTS.md', import.meta.url), 'utf8');

/** The rows of the "Events" table: event type -> webhook type. */
function documentedEvents(): Map<string, string> {
  const rows = new Map<string, string>();
  const section = contracts.slice(contracts.indexOf('### Events'), contracts.indexOf('### Who receives'));
  for (const line of section.split('\n')) {
    const match = /^\|\s*`([a-z]+\.[a-z.]+)`\s*\|\s*`?([a-z]+)`?\s*\|/.exec(line);
    if (match) rows.set(match[1]!, match[2]!);
  }
  return rows;
}

/** The claims of the "Access tokens" table. */
function documentedClaims(): string[] {
  const section = contracts.slice(
    contracts.indexOf('## Access tokens'),
    contracts.indexOf('### Verified email'),
  );
  return [...section.matchAll(/^\|\s*`([a-z_]+)`\s*\|/gm)].map((match) => match[1]!);
}

/** The fields of "`user` is `{ … }`" under the events table. */
function documentedUserFields(): string[] {
  const fields = /- `user` is `\{([^}]*)\}`/.exec(contracts)?.[1] ?? '';
  return fields.split(',').map((field) => field.trim());
}

describe('CONTRACTS.md', () => {
  const hub = useTestHub(() => testConfig());

  it('documents every claim of the access tokens the hub signs, and every field of a person', async () => {
    const em = hub().orm.em.fork();
    const { token } = await signAccessToken(em, hub().config, {
      sub: crypto.randomUUID(),
      aud: crypto.randomUUID(),
      client_id: crypto.randomUUID(),
      sid: crypto.randomUUID(),
      email: 'claims@example.test',
      email_verified: false,
    });
    expect(documentedClaims().sort()).toEqual(Object.keys(decodeJwt(token)).sort());
    const person = toClientUser(em.create(User, { email: 'fields@example.test', username: 'fields' }));
    expect(documentedUserFields()).toEqual(Object.keys(person));
  });

  it('documents every event type the hub emits, with its webhook type', () => {
    const documented = documentedEvents();
    for (const [type, webhookType] of Object.entries(EVENT_WEBHOOK_TYPES)) {
      expect(documented.get(type), `${type} in CONTRACTS.md's events table`).toBe(webhookType);
    }
    expect(documented.get('webhook.test')).toBe('either');
    // And documents nothing the hub does not send.
    expect([...documented.keys()].sort()).toEqual(
      [...Object.keys(EVENT_WEBHOOK_TYPES), 'webhook.test'].sort(),
    );
  });
});
