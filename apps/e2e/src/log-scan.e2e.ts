// The log scan itself: it must find what it is there to find, or every "no secret logged" check
// in the other files would pass for nothing.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { secretTracker } from './log-scan.ts';
import { startStack } from './stack.ts';

const random = (bytes = 32) => randomBytes(bytes).toString('base64url');
const line = (text: string) => JSON.stringify({ level: 30, msg: 'request', detail: text });

describe('the log scan', () => {
  it('finds every shape of secret, whoever made it, and leaves hints and ordinary lines alone', () => {
    const tracker = secretTracker();
    const shapes = [
      `acc_env_${random()}`,
      `acc_rt_${random()}`,
      `acc_code_${random()}`,
      `whsec_${randomBytes(24).toString('base64')}`,
      `eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.${random(64)}`,
      `ts=1700000000;h1=${randomBytes(32).toString('hex')}`,
      `pdl_ntfset_${randomBytes(12).toString('hex')}`,
      '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g',
      `accounts_session=${random()}`,
      `Bearer ${random()}`,
      `/sign-in#set-password=${random()}`,
      `/auth/login/${crypto.randomUUID()}.${random()}`,
    ];
    for (const secret of shapes) expect(tracker.leaksIn([line(secret)]), secret).toHaveLength(1);
    const harmless = [
      'acc_env_AbCd', // the 12-character hint staff see
      '/auth/login/:code',
      'webhook delivered',
      `requestId ${crypto.randomUUID()}`,
      'Bearer',
    ];
    expect(tracker.leaksIn(harmless.map(line))).toEqual([]);
  });

  it('finds remembered values and the settings that are secrets; one-time codes only in logs, not URLs', () => {
    const key = randomBytes(32).toString('base64');
    const tracker = secretTracker({
      ENCRYPTION_KEY: `new:${key},old:${random()}`,
      PADDLE_API_KEY: 'a-paddle-key-1',
    });
    expect(tracker.leaksIn([line(`key ${key}`)])).toHaveLength(1);
    expect(tracker.leaksIn([line('uses a-paddle-key-1')])).toHaveLength(1);
    tracker.remember('correct horse battery staple', 'short');
    expect(tracker.leaksIn([line('password correct horse battery staple')])).toHaveLength(1);
    // Too short to tell from ordinary text: not tracked.
    expect(tracker.secrets.has('short')).toBe(false);

    const code = random();
    tracker.rememberOneTime(code);
    expect(tracker.leaksIn([line(`code=${code}`)])).toHaveLength(1);
    tracker.visitedUrls.push(`https://app.example.test/cb?code=${code}`);
    expect(tracker.leaksInUrls()).toEqual([]);
    tracker.visitedUrls.push(
      `https://hub.example.test/?password=${encodeURIComponent('correct horse battery staple')}`,
    );
    expect(tracker.leaksInUrls()).toHaveLength(1);
  });

  it('makes stopping a stack fail when one of its processes logged a remembered secret', async () => {
    const stack = await startStack();
    const secret = `leaked-${randomBytes(12).toString('hex')}`;
    stack.secrets.remember(secret);
    // The API logs the request id it is given; here it is a value the test treats as a secret.
    const response = await fetch(`${stack.url}/healthz`, { headers: { 'x-request-id': secret } });
    expect(response.headers.get('x-request-id')).toBe(secret);
    await expect.poll(() => stack.logs.some((entry) => entry.includes(secret))).toBe(true);
    await expect(stack.stop()).rejects.toThrow(/secrets were logged/);
    expect(stack.process.exitCode).toBe(0);
  });
});
