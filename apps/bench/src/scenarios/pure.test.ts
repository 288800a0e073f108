import { verifyPaddleSignature } from '@accounts/core/billing';
import { describe, expect, it } from 'vitest';
import { metricValue } from './memory.ts';
import { signedNotification } from './paddle-webhook.ts';

describe('scenario helpers', () => {
  it('signs Paddle notifications the hub accepts, each one distinct', async () => {
    const secret = 'pdl_ntfset_benchtest';
    const first = signedNotification(secret);
    const second = signedNotification(secret);
    expect(first.key).not.toBe(second.key);
    expect(JSON.parse(first.body).event_id).toBe(first.key);
    const check = await verifyPaddleSignature(
      Buffer.from(first.body),
      first.headers['paddle-signature'],
      secret,
    );
    expect(check.ok).toBe(true);
    const wrong = await verifyPaddleSignature(
      Buffer.from(first.body),
      first.headers['paddle-signature'],
      'other',
    );
    expect(wrong.ok).toBe(false);
  });

  it("reads the API's memory gauges from /metrics", () => {
    const text = [
      '# HELP nodejs_heap_size_total_bytes Process heap size from Node.js in bytes.',
      '# TYPE nodejs_heap_size_total_bytes gauge',
      'nodejs_heap_size_total_bytes 136314880',
      'nodejs_heap_size_used_bytes{service="x"} 7.2e+7',
    ].join('\n');
    expect(metricValue(text, 'nodejs_heap_size_total_bytes')).toBe(136314880);
    expect(metricValue(text, 'nodejs_heap_size_used_bytes')).toBe(72_000_000);
    expect(metricValue(text, 'nodejs_external_memory_bytes')).toBeNull();
  });
});
