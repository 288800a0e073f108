import { createWebhook, createWebhookSchema } from '@accounts/core/clients';
import { updateProfile } from '@accounts/core/identity';
import { freePort } from '@accounts/devkit/postgres';
import { apiCommand } from '../api-command.ts';
import type { Started } from '../children.ts';
import type { BenchContext, Scenario } from '../context.ts';
import { renderProfile, summarizeProfile } from '../cpuprofile.ts';
import { profileDuring } from '../inspector.ts';
import type { Row } from '../report.ts';
import { clientApp, signedInPerson } from '../seed.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../webhook-receiver.ts';
import { addProfileHint } from './shared.ts';

const TARGET_PER_SECOND = 500;

/** N people, written set-based: only the events are the point, and those go through the services. */
async function insertPeople(ctx: BenchContext, prefix: string, count: number): Promise<string[]> {
  const rows = await ctx.hub.orm.em.fork().execute<{ id: string }[]>(
    `insert into users (id, created_at, updated_at, email, username, language, timezone)
     select gen_random_uuid(), now(), now(), '${prefix}' || n || '@example.test', '${prefix}' || n, 'en', 'UTC'
       from generate_series(1, ${count}) as n
     returning id`,
  );
  return rows.map((row) => row.id);
}

/** One `user.updated` per person through the profile service, which writes the outbox in its flush. */
async function emitEvents(ctx: BenchContext, userIds: string[], round: number): Promise<number> {
  const started = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < userIds.length) {
      const userId = userIds[next++]!;
      await updateProfile(ctx.hub.orm.em.fork(), ctx.hub.config, userId, {
        displayName: `Bench ${round}-${next}`,
        language: 'en',
        timezone: 'UTC',
      });
    }
  };
  await Promise.all(Array.from({ length: 8 }, lane));
  return (performance.now() - started) / 1000;
}

async function undispatchedAuthEvents(ctx: BenchContext): Promise<string[]> {
  const rows = await ctx.hub.orm.em
    .fork()
    .execute<{ id: string }[]>(
      `select id from outbox_events where dispatched_at is null and webhook_type = 'auth'`,
    );
  return rows.map((row) => row.id);
}

function startWorker(ctx: BenchContext, name: string, inspectPort: number): Started {
  const { flags, entry } = apiCommand(ctx.root, 'worker');
  return ctx.children.start(name, process.execPath, [...flags, `--inspect=127.0.0.1:${inspectPort}`, entry], {
    ...ctx.apiEnv,
    // A receiver on loopback needs private targets, which env.ts refuses with NODE_ENV=production;
    // nothing else in the hub reads NODE_ENV.
    NODE_ENV: 'development',
    WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true',
  });
}

/**
 * Waits until the receiver holds every expected id, the worker dies, or nothing new has arrived
 * for 20 s (a stall, not a slow machine; 2 minutes before the first); never longer than 10 minutes.
 */
async function waitForAll(receiver: WebhookReceiver, expected: string[], worker: Started): Promise<boolean> {
  const hardStop = Date.now() + 600_000;
  let exited = false;
  void worker.exited.then(() => {
    exited = true;
  });
  const initial = receiver.ids.size;
  let seen = initial;
  let progressAt = Date.now();
  const complete = () => expected.every((id) => receiver.ids.has(id));
  // The worker's start-up (and its first dispatch) may take a while on a busy machine.
  const stalled = () => Date.now() - progressAt > (seen === initial ? 120_000 : 20_000);
  while (!exited && Date.now() < hardStop && !stalled()) {
    if (complete()) return true;
    if (receiver.ids.size !== seen) {
      seen = receiver.ids.size;
      progressAt = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return complete();
}

/** Waits (bounded) until nothing is left to dispatch or deliver. */
async function waitForQuiet(ctx: BenchContext, worker: Started, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && ctx.children.running.has(worker)) {
    const [row] = await ctx.hub.orm.em.fork().execute<{ n: string }[]>(
      `select (select count(*) from outbox_events where dispatched_at is null)
            + (select count(*) from webhook_deliveries where status = 'pending') as n`,
    );
    if (Number(row?.n) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function waitForInspector(port: number, worker: Started): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/json/list`)).ok) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the worker's inspector did not come up (see ${worker.logFile})`);
}

/**
 * Outgoing webhooks: a first-party client app with one `auth` webhook pointing at a receiver on
 * 127.0.0.1; N people each get a profile update (N `user.updated` events in the outbox, written by
 * the profile service), then the real worker process (`pnpm worker`, apps/api/dist/worker.js) dispatches and
 * delivers them. Deliveries per second count from the first to the last verified delivery.
 */
export const webhookDeliveries: Scenario = {
  name: 'outgoing webhook deliveries',
  async run(ctx) {
    const receiver = await startWebhookReceiver();
    try {
      const { by } = await signedInPerson(ctx.hub);
      const app = await clientApp(ctx.hub, by, { name: 'Bench receiver', firstParty: true });
      const { secret } = await createWebhook(
        ctx.hub.orm.em.fork(),
        ctx.hub.config,
        by,
        createWebhookSchema.parse({
          environmentId: app.environmentId,
          name: 'bench',
          url: receiver.url,
          type: 'auth',
        }),
      );
      receiver.secret = secret;
      const people = await insertPeople(ctx, 'benchhook', ctx.webhookEvents);
      const emitSeconds = await emitEvents(ctx, people, 1);
      // Everything not yet dispatched goes to this first-party webhook, including the few
      // user.created events the earlier scenarios' seeding wrote.
      const expected = await undispatchedAuthEvents(ctx);

      const worker = startWorker(ctx, 'worker', await freePort());
      const complete = await waitForAll(receiver, expected, worker);
      await ctx.children.stop(worker);
      const statuses = await ctx.hub.orm.em
        .fork()
        .execute<{ status: string; n: string }[]>(
          'select status, count(*) as n from webhook_deliveries group by status order by status',
        );
      const expectedSet = new Set(expected);
      const received = expected.filter((id) => receiver.ids.has(id)).length;
      const unexpected = [...receiver.ids].filter((id) => !expectedSet.has(id)).length;
      const lost = expected.length - received;
      const spanSeconds =
        receiver.firstAt !== null && receiver.lastAt !== null
          ? (receiver.lastAt - receiver.firstAt) / 1000
          : 0;
      const perSecond = spanSeconds > 0 ? (receiver.ids.size - 1) / spanSeconds : 0;
      const clean = complete && lost === 0 && receiver.badSignatures === 0 && unexpected === 0;
      const met = clean && perSecond >= TARGET_PER_SECOND;
      const reasons = [
        perSecond < TARGET_PER_SECOND
          ? `${Math.round(perSecond)} deliveries/s is under the goal: one worker claims up to 100 deliveries per batch (claiming the next while it sends), sends them in parallel over kept-alive connections and records each batch's attempts in one transaction`
          : '',
        lost ? `${lost} of ${expected.length} events never arrived` : '',
        receiver.badSignatures ? `${receiver.badSignatures} requests failed signature verification` : '',
        unexpected ? `${unexpected} unexpected message ids arrived` : '',
      ].filter(Boolean);
      const row: Row = {
        scenario: `outgoing webhook deliveries to a loopback receiver (${expected.length.toLocaleString('en')} events, one worker)`,
        measured: `${Math.round(perSecond)} deliveries/s; ${received.toLocaleString('en')}/${expected.length.toLocaleString('en')} arrived verified, ${receiver.duplicates} duplicates, ${receiver.badSignatures} bad signatures`,
        baseline: '',
        ratio: '',
        target: `>= ${TARGET_PER_SECOND}/s, none lost`,
        met: met ? 'yes' : 'no',
        ...(met ? {} : { why: `${reasons.join('; ')}.` }),
      };
      const sections = [
        `**Outgoing webhooks**: ${ctx.webhookEvents.toLocaleString('en')} people each had their profile updated through
\`updateProfile\` (8 at a time, ${emitSeconds.toFixed(1)} s), which writes one \`user.updated\` outbox event in the
same flush. Then one worker process (\`pnpm worker\`, every job running) dispatched them to a
first-party client's \`auth\` webhook and delivered them to a receiver on 127.0.0.1 that verifies
each request with the reference \`standardwebhooks\` package and counts distinct \`webhook-id\`s.
${receiver.ids.size.toLocaleString('en')} distinct ids arrived over ${spanSeconds.toFixed(2)} s from first to last (worker start-up not
counted); deliveries in the database afterwards: ${statuses.map((s) => `${s.status} ${s.n}`).join(', ')}. The worker ran with
NODE_ENV=development because env.ts refuses WEBHOOKS_ALLOW_PRIVATE_TARGETS (needed for a loopback
receiver) in production; nothing else reads NODE_ENV.`,
      ];
      if (met) return { rows: [row], sections };

      // Not counted: a second round while the worker's CPU is sampled.
      const more = await insertPeople(ctx, 'benchhookprof', Math.min(ctx.webhookEvents, 2000));
      const inspectPort = await freePort();
      const profiled = startWorker(ctx, 'worker-profiled', inspectPort);
      await waitForInspector(inspectPort, profiled);
      const { profile } = await profileDuring(inspectPort, async () => {
        await emitEvents(ctx, more, 2);
        await waitForQuiet(ctx, profiled, 600_000);
      });
      await ctx.children.stop(profiled);
      const summary = summarizeProfile(profile);
      addProfileHint(row, summary, "the worker's");
      return {
        rows: [row],
        sections: [
          ...sections,
          renderProfile(
            `Profile: webhook worker (${more.length.toLocaleString('en')} more events emitted while sampled, not counted)`,
            summary,
          ),
        ],
      };
    } finally {
      await receiver.close();
    }
  },
};
