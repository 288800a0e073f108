import { request } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from './stack.ts';

type Outcome = { id: string; status?: number; error?: string };

/** One request on a fresh connection with our own request id, so server logs can be matched. */
function get(url: string, id: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = request(
      url,
      { agent: false, headers: { connection: 'close', 'x-request-id': id } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ id, status: res.statusCode ?? 0 }));
        res.on('error', (error: NodeJS.ErrnoException) =>
          resolve({ id, error: error.code ?? error.message }),
        );
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ id, error: error.code ?? error.message }));
    req.end();
  });
}

describe('graceful shutdown', () => {
  let stack: Stack | undefined;
  afterAll(() => stack?.stop());

  it('answers every request it accepted, drains with /readyz at 503, then exits 0', async () => {
    stack = await startStack({ LOG_LEVEL: 'debug', SHUTDOWN_DRAIN_MS: '500' });
    const url = `${stack.url}/trpc/system.health`;
    const outcomes: Outcome[] = [];
    let running = true;
    const workers = Array.from({ length: 32 }, async (_, worker) => {
      // Bounded: stops once the server is gone, or after 2,000 requests per worker.
      for (let i = 0; running && i < 2000; i += 1) outcomes.push(await get(url, `load-${worker}-${i}`));
    });
    // Under load before SIGTERM: enough answered requests, however slow the machine (bounded).
    for (let waited = 0; outcomes.length < 200 && waited < 30_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const exited = new Promise<number | null>((resolve) =>
      stack?.process.once('exit', (code) => resolve(code)),
    );
    stack.process.kill('SIGTERM');
    // Probe once the API says it is draining (it sets /readyz to 503 first), not after a guess.
    const drainingLogged = () => stack?.logs.some((line) => line.includes('"draining"'));
    for (let waited = 0; !drainingLogged() && waited < 10_000; waited += 10) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const readyWhileDraining = await get(`${stack.url}/readyz`, 'probe-ready');
    const code = await exited;
    running = false;
    await Promise.all(workers);

    expect(code).toBe(0);
    expect(readyWhileDraining.status).toBe(503);
    const received = new Set(
      stack.logs
        .filter((line) => line.includes('"request received"'))
        .map((line) => (JSON.parse(line) as { requestId: string }).requestId)
        .filter((id) => id.startsWith('load-')),
    );
    const byId = new Map(outcomes.map((outcome) => [outcome.id, outcome]));
    expect(received.size).toBeGreaterThan(100);
    // Every request the API received was answered, and answered well.
    const dropped = [...received].filter((id) => byId.get(id)?.status !== 200);
    expect(dropped).toEqual([]);
    // The drain kept serving after SIGTERM.
    const drained = stack.logs.findIndex((line) => line.includes('"draining"'));
    expect(stack.logs.slice(drained).some((line) => line.includes('"request received"'))).toBe(true);
  });
});
