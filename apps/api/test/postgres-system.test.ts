// The whole system on one PostgreSQL server, every part its own process as in
// production: two api instances, two webhook dispatchers, two reconcilers with
// the simulated custodian, and a real webhook receiver here. Signed client
// creates of both kinds and directions go to both instances – contended
// OUTGOING units and full-account transfers among them – while one api and one
// reconciler are SIGKILLed and restarted mid-run. Then the database itself is
// read: every transfer final exactly once, positions = seed + settled, no unit
// reserved twice at any sampled moment, every webhook event delivered, per
// transfer in order. The same run with one api on a SQLite file is the smoke
// test of the harness (SQLite takes writes from one process only).
//
// It lives in the api's project because that is what it tests (the api on
// PostgreSQL, several instances on one database), and it needs the api's
// `pg`, `@tbo/signing` and the PostgreSQL test server beside it; its name
// keeps it out of the api-pg project (which would run it a second time).
//
// SYSTEM_TEST_TRANSFERS (default 2000) and SYSTEM_TEST_SQLITE_TRANSFERS
// (default 1000) set the number of creates; SYSTEM_TEST_SECONDS (default 300)
// bounds each run from its first create to everything final, with at least 120 s
// after the last create (a run whose sending ran out of time is still checked).
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO } from '../src/demo/seed-demo.js';
import {
  finalViolations,
  type OpenWork,
  openWork,
  readPositions,
  reservationViolations,
} from './support/system-checks.js';
import { FailoverClient, type SendReport, sendAll } from './support/system-client.js';
import { levelOf } from './support/system-processes.js';
import { type RunningSystem, startSystem } from './support/system-run.js';
import { type CreateOutcome, planTraffic, WebhookReceiver } from './support/system-traffic.js';

function wholeNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isSafeInteger(value) || value < 1)
    throw new Error(`${name} must be a whole number ≥ 1, not ${raw}`);
  return value;
}

const PG_TRANSFERS = wholeNumber('SYSTEM_TEST_TRANSFERS', 2000);
const SQLITE_TRANSFERS = wholeNumber('SYSTEM_TEST_SQLITE_TRANSFERS', 1000);
const RUN_SECONDS = wholeNumber('SYSTEM_TEST_SECONDS', 300);
/** After the last create, at least this long for everything to become final. */
const SETTLE_SECONDS = 120;
/** Start-up, the run, the settling and teardown. */
const TEST_TIMEOUT_MS = (RUN_SECONDS + SETTLE_SECONDS + 180) * 1000;
const CONCURRENCY = 16;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let system: RunningSystem | undefined;
let receiver: WebhookReceiver | undefined;
let failed = false;

afterEach(async (context) => {
  failed = context.task.result?.state === 'fail';
  await receiver?.stop();
  await system?.stop(failed);
  if (failed && system) console.error(`system test failed: processes' logs kept in ${system.logDir}`);
  system = undefined;
  receiver = undefined;
});

async function runSystem(database: 'postgres' | 'sqlite', transfers: number): Promise<void> {
  const apiCount = database === 'postgres' ? 2 : 1;
  system = await startSystem({
    database,
    apis: apiCount,
    dispatchers: 2,
    reconcilers: 2,
    // Quicker than the defaults so a run stays short: a killed worker's leases end after 10 s,
    // a failed attempt waits 1 s (then 2, 4 …) instead of 30.
    reconcilerEnv: {
      SIM_SETTLE_AFTER_MS: '500',
      POLL_INTERVAL_MS: '200',
      LEASE_SECONDS: '10',
      RETRY_BACKOFF_SECONDS: '1',
    },
  });
  const s = system;
  const seed = await readPositions(s.reader.all);
  const rx = new WebhookReceiver(() => s.apiUrls);
  receiver = rx;
  const hookUrl = await rx.start();
  const client = new FailoverClient(
    s.apiUrls.map((url, i) => ({ name: `api-${i + 1}`, url })),
    s.demoKeyPem,
  );
  const subscription = await client.request(0, 'POST', '/webhooks', { url: hookUrl });
  expect(subscription.status, `webhook subscription refused: ${subscription.rawBody}`).toBe(201);

  // Reservations sampled all along: a position never reserves more than it holds, nor other than its transfers.
  const sampled: string[] = [];
  let samples = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      try {
        sampled.push(...(await reservationViolations(s.reader)).map((p) => `sample ${samples}: ${p}`));
        samples++;
      } catch (error) {
        sampled.push(`sample ${samples} could not be read: ${String(error)}`);
      }
      await sleep(250);
    }
  })();

  const ops = planTraffic(transfers);
  const started = Date.now();
  const deadline = started + RUN_SECONDS * 1000;
  // Mid-run: SIGKILL the first api and the last reconciler (on PostgreSQL the one of the other
  // api, so both instances lose something), restart both on the same ports 2 s later.
  const killAt = Math.floor(ops.length * 0.4);
  let chaos: Promise<void> | undefined;
  const chaosLog: string[] = [];
  const onDone = (done: number) => {
    if (done !== killAt) return;
    chaos = (async () => {
      const api = s.apis[0];
      const worker = s.reconcilers.at(-1);
      if (!api || !worker) throw new Error('nothing to kill');
      chaosLog.push(
        `${Date.now() - started} ms, ${done} creates answered: SIGKILL ${api.name}, ${worker.name}`,
      );
      await Promise.all([api.kill(), worker.kill()]);
      await sleep(2_000);
      await Promise.all([api.start(), worker.start()]);
      chaosLog.push(`${Date.now() - started} ms: ${api.name} and ${worker.name} restarted`);
    })();
  };
  // A restart still under way finishes before anything is stopped, also when the sending fails.
  let sent: SendReport;
  try {
    sent = await sendAll(client, ops, { concurrency: CONCURRENCY, instances: apiCount, deadline, onDone });
  } finally {
    await chaos;
  }
  const { outcomes } = sent;
  const answered = outcomes.filter((o): o is CreateOutcome => o !== undefined);
  const sentInMs = Date.now() - started;
  // However long the sending took, what was created gets SETTLE_SECONDS to become final.
  const finalDeadline = Math.max(deadline, Date.now() + SETTLE_SECONDS * 1000);

  // Until everything is final and every event of the tenant has reached the receiver.
  let open: OpenWork | undefined;
  const notFinal: string[] = [];
  let eventsOwed = Number.POSITIVE_INFINITY;
  for (;;) {
    open = await openWork(s.reader);
    const [events] = await s.reader.all<{ n: unknown }>(
      'SELECT count(*) AS n FROM outbox_events WHERE tenant_id = ?',
      DEMO.tenant.id,
    );
    eventsOwed = Number(events?.n) - new Set(rx.arrivals.map((a) => a.eventId)).size;
    if (open.open === 0 && open.pendingDeliveries === 0 && eventsOwed <= 0) break;
    if (Date.now() > finalDeadline) {
      const stuck = await s.reader.all(
        `SELECT id, direction, status, settlement_reference, lease_owner, lease_expires_at, work_attempts, work_error
         FROM securities_transfers WHERE status IN ('NEW', 'PROCESSING') ORDER BY created_at LIMIT 10`,
      );
      notFinal.push(
        `not final within ${Math.round((Date.now() - started) / 1000)} s of the first create (SYSTEM_TEST_SECONDS ${RUN_SECONDS}, then at least ${SETTLE_SECONDS} s after the last): ${JSON.stringify(open)}, ${eventsOwed} webhook events not received; oldest open: ${JSON.stringify(stuck)}; logs in ${s.logDir}`,
      );
      break;
    }
    await sleep(500);
  }
  const finalInMs = Date.now() - started;
  sampling = false;
  await sampler;

  const report = await finalViolations(s.reader, { seed, ops, outcomes, arrivals: rx.arrivals });
  // Error lines of the api and the dispatchers, alike ones counted together.
  const logErrors = [...s.apis, ...s.dispatchers].flatMap((p) =>
    p.problems
      .filter(({ line }) => levelOf(line) >= 50)
      .map(({ line }) => {
        const err = line.err as { message?: string } | undefined;
        return `${p.name.replace(/-\d+$/, '')} ${line.msg ?? ''} ${line.route ?? ''} ${line.status ?? ''}: ${(err?.message ?? '').replace(/\s+/g, ' ').slice(-300)}`;
      }),
  );
  console.log(
    JSON.stringify(
      {
        database,
        apis: apiCount,
        creates: ops.length,
        answered: answered.length,
        refused422: answered.filter((o) => o.status === 422).length,
        retriedCreates: answered.filter((o) => o.attempts > 1).length,
        answers: client.stats.answers,
        unanswered: client.stats.unanswered,
        startedInMs: s.startedInMs,
        sentInMs,
        finalInMs,
        chaos: chaosLog,
        reservationSamples: samples,
        webhookRequests: rx.requests,
        ...report.figures,
        apiErrorLines: logErrors.length,
        reconcilerWarnings: s.reconcilers.reduce((n, p) => n + p.problems.length, 0),
        logs: s.logDir,
      },
      null,
      2,
    ),
  );
  const failures = [
    ...sent.problems,
    ...notFinal,
    ...(chaos === undefined
      ? [`the kill was to come after ${killAt} creates, which were never answered`]
      : []),
    ...grouped(
      'answers the api must not give',
      client.stats.unexpected.map((u) => `${u.status} ${/"code":"([A-Z_]+)"/.exec(u.body)?.[1] ?? u.body}`),
    ),
    ...grouped('error lines in the api and dispatcher logs', logErrors),
    ...grouped('reservations while the system ran', sampled),
    ...grouped('the database after the run', report.violations, 40),
    ...grouped('webhook deliveries that failed verification', rx.badDeliveries),
  ];
  if (report.figures.refusedForPosition === 0)
    failures.push('no OUTGOING transfer was refused for its position');
  if ((report.figures.settled ?? 0) <= ops.length / 4)
    failures.push(`only ${report.figures.settled} transfers settled of ${ops.length} creates`);
  expect(failures, `the run left problems (logs: ${s.logDir})`).toEqual([]);
}

/** `title: n`, then the distinct items with how often each came, most frequent first. */
function grouped(title: string, items: readonly string[], show = 10): string[] {
  if (items.length === 0) return [];
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, show);
  return [`${title}: ${items.length}`, ...top.map(([item, n]) => `  ${n} × ${item}`)];
}

describe('the whole system, every part its own process', () => {
  it(
    'two apis, two dispatchers and two reconcilers on one PostgreSQL server survive a SIGKILL of an api and a reconciler mid-run',
    () => runSystem('postgres', PG_TRANSFERS),
    TEST_TIMEOUT_MS,
  );

  it(
    'the same run with one api on a SQLite file (the harness smoke test)',
    () => runSystem('sqlite', SQLITE_TRANSFERS),
    TEST_TIMEOUT_MS,
  );
});
