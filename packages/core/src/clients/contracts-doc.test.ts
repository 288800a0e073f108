// CONTRACTS.md (repository root) is what client apps build against: every event type the hub can
// emit must be documented there, with the webhook type that carries it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EVENT_WEBHOOK_TYPES } from '../kernel/events/outbox.ts';

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

describe('CONTRACTS.md', () => {
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
