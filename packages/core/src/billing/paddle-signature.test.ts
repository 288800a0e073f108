import { describe, expect, it } from 'vitest';
import { eventOrderKey } from './paddle-events.ts';
import {
  computeSignature,
  parseSignatureHeader,
  signPaddleBody,
  verifyPaddleSignature,
} from './paddle-signature.ts';

const SECRET = 'pdl_ntfset_test_secret';
const BODY =
  '{"event_id":"evt_1","event_type":"subscription.created","occurred_at":"2026-11-27T10:00:00.123456Z","data":{}}';

describe('Paddle-Signature', () => {
  it('accepts a signature made the way Paddle makes it (HMAC-SHA256 of ts:body)', async () => {
    const ts = Math.floor(Date.now() / 1000);
    const h1 = computeSignature(SECRET, ts, BODY).toString('hex');
    expect(await verifyPaddleSignature(BODY, `ts=${ts};h1=${h1}`, SECRET)).toEqual({
      ok: true,
      timestamp: ts,
    });
    expect(await verifyPaddleSignature(Buffer.from(BODY), `ts=${ts};h1=${h1}`, SECRET)).toMatchObject({
      ok: true,
    });
  });

  it('accepts any of several h1 values (secret rotation), wherever the valid one stands', async () => {
    const first = signPaddleBody(BODY, [SECRET, 'pdl_ntfset_old']);
    const last = signPaddleBody(BODY, ['pdl_ntfset_old', 'pdl_ntfset_older', SECRET]);
    expect(first.split(';h1=')).toHaveLength(3);
    expect((await verifyPaddleSignature(BODY, first, SECRET)).ok).toBe(true);
    expect((await verifyPaddleSignature(BODY, last, SECRET)).ok).toBe(true);
    expect((await verifyPaddleSignature(BODY, signPaddleBody(BODY, ['a', 'b']), SECRET)).ok).toBe(false);
  });

  it('refuses a tampered body, a wrong secret, a stale or future timestamp', async () => {
    const header = signPaddleBody(BODY, SECRET);
    expect(await verifyPaddleSignature(`${BODY} `, header, SECRET)).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(await verifyPaddleSignature(BODY, signPaddleBody(BODY, 'pdl_ntfset_wrong'), SECRET)).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    const now = Math.floor(Date.now() / 1000);
    expect(await verifyPaddleSignature(BODY, signPaddleBody(BODY, SECRET, now - 6), SECRET)).toEqual({
      ok: false,
      reason: 'stale',
    });
    expect(await verifyPaddleSignature(BODY, signPaddleBody(BODY, SECRET, now + 60), SECRET)).toEqual({
      ok: false,
      reason: 'stale',
    });
    expect((await verifyPaddleSignature(BODY, signPaddleBody(BODY, SECRET, now - 3), SECRET)).ok).toBe(true);
  });

  it('refuses missing and malformed headers, and an unset secret', async () => {
    const h1 = 'a'.repeat(64);
    for (const header of [
      '',
      'nonsense',
      `h1=${h1}`,
      'ts=123',
      `ts=abc;h1=${h1}`,
      'ts=1;h1=xyz',
      `ts=1;ts=2;h1=${h1}`,
    ]) {
      const check = await verifyPaddleSignature(BODY, header, SECRET);
      expect(check.ok, header).toBe(false);
    }
    expect(await verifyPaddleSignature(BODY, undefined, SECRET)).toEqual({ ok: false, reason: 'missing' });
    expect(await verifyPaddleSignature(BODY, signPaddleBody(BODY, ''), '')).toEqual({
      ok: false,
      reason: 'no-secret',
    });
    expect(parseSignatureHeader(`ts=1;h1=${h1};h1=${'b'.repeat(64)}`)?.signatures).toHaveLength(2);
  });
});

describe('event order keys', () => {
  it('keeps Paddle’s microseconds and sorts by time, then event id', () => {
    const a = eventOrderKey('2026-11-27T10:00:00.123456Z', 'evt_b');
    const b = eventOrderKey('2026-11-27T10:00:00.123457Z', 'evt_a');
    const c = eventOrderKey('2026-11-27T11:00:00.1234+01:00', 'evt_a');
    expect(a).toBe('2026-11-27T10:00:00.123456Z|evt_b');
    expect(a < b).toBe(true);
    expect(c).toBe('2026-11-27T10:00:00.123400Z|evt_a');
    expect(c < a).toBe(true);
    expect(eventOrderKey('2026-11-27T10:00:00Z', 'evt_x')).toBe('2026-11-27T10:00:00.000000Z|evt_x');
  });
});
