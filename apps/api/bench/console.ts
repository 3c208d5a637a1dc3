import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateKeyPair } from '@tbo/signing';
import { openDatabase, sqliteOf } from '../src/db/client.js';
import { startApiProcess } from './api-process.js';
import { prepareBenchDatabase } from './bench-data.js';
import { consoleQuery, DEFAULT_PAGE, operatorCookie } from './console-requests.js';
import { type LoadFigures, type LoadRequest, printFigures, runLoad } from './load.js';
import { benchRequests, prepared } from './requests.js';
import { wholeNumberSetting } from './settings.js';

// pnpm --filter @tbo/api bench:console   (BENCH_ROWS, BENCH_SECONDS, BENCH_CREATE_CONNECTIONS, BENCH_PAIRS)
//
// The console at scale, loopback only: the transfers page and the search box
// measured while signed creates run, and the creates' latency without and
// with 5 open consoles polling as the console does (the list every 5 s,
// the health panel every 10 s). Every run is bounded by BENCH_SECONDS. On a
// shared machine the load of others moves a run's p99 more than 5 consoles
// do: runs without and with consoles alternate BENCH_PAIRS times, and the
// median of the per-pair ratios is the figure.
const SECONDS = wholeNumberSetting('BENCH_SECONDS', 10);
const ROWS = wholeNumberSetting('BENCH_ROWS', 1_000_000, 0);
const CREATE_CONNECTIONS = wholeNumberSetting('BENCH_CREATE_CONNECTIONS', 8);
const PAIRS = wholeNumberSetting('BENCH_PAIRS', 5);
// Another build to compare with (e.g. a copy of an earlier dist/): CONSOLE_ENTRY=dist-before/server.js.
const ENTRY = process.env.CONSOLE_ENTRY;
const CONSOLES = 5;
const LIST_POLL_MS = 5_000;
const HEALTH_POLL_MS = 10_000;

/** Custodian references on every PROCESSING bulk row, so the search has what the reconciler writes. */
async function addCustodianReferences(path: string): Promise<void> {
  const db = openDatabase(path);
  try {
    sqliteOf(db).$client.exec(
      `UPDATE securities_transfers SET custodian_reference = printf('BENCHREF%08d', rowid)
       WHERE status = 'PROCESSING' AND custodian_reference IS NULL`,
    );
  } finally {
    sqliteOf(db).$client.close();
  }
}

/** `count` consoles, each polling like the browser does until `seconds` have passed; their latencies. */
async function pollingConsoles(url: string, cookie: string, count: number, seconds: number) {
  const latencies: number[] = [];
  let failures = 0;
  const stopAt = Date.now() + seconds * 1000;
  const call = async (request: LoadRequest) => {
    const started = performance.now();
    const res = await fetch(`${url}${request.path}`, { headers: request.headers });
    await res.arrayBuffer();
    latencies.push(performance.now() - started);
    if (res.status !== 200) failures++;
  };
  const one = async (index: number) => {
    // Consoles were opened at different moments: spread their first polls over the interval.
    await new Promise((resolve) => setTimeout(resolve, (LIST_POLL_MS / count) * index));
    let tick = 0;
    while (Date.now() < stopAt) {
      await call(consoleQuery(cookie, 'admin.transfers.list', DEFAULT_PAGE));
      if (tick++ % (HEALTH_POLL_MS / LIST_POLL_MS) === 0) await call(consoleQuery(cookie, 'admin.health'));
      await new Promise((resolve) =>
        setTimeout(resolve, Math.max(0, Math.min(LIST_POLL_MS, stopAt - Date.now()))),
      );
    }
  };
  await Promise.all(Array.from({ length: count }, (_, i) => one(i)));
  const sorted = latencies.sort((a, b) => a - b);
  const at = (p: number) =>
    Math.round((sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0) * 10) / 10;
  return { requests: sorted.length, failures, p50: at(0.5), p99: at(0.99), max: at(1) };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tbo-bench-console-'));
  const databasePath = join(dir, 'bench.sqlite');
  const key = generateKeyPair('ed25519');
  const started = Date.now();
  await prepareBenchDatabase(databasePath, ROWS, key.publicKey);
  await addCustodianReferences(databasePath);
  console.log(
    `setup: ${ROWS.toLocaleString('en')} transfers in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );

  const api = await startApiProcess(databasePath, ENTRY ? { entry: resolve(ENTRY) } : {});
  try {
    const requests = await benchRequests(api.url, key.privateKey);
    const cookie = await operatorCookie(api.url);
    const page = () => consoleQuery(cookie, 'admin.transfers.list', DEFAULT_PAGE);
    const first = (await (await fetch(`${api.url}${page().path}`, { headers: page().headers })).json()) as {
      result: { data: { next_cursor: string } };
    };
    const secondPage = () =>
      consoleQuery(cookie, 'admin.transfers.list', { ...DEFAULT_PAGE, after: first.result.data.next_cursor });
    const processing = () =>
      consoleQuery(cookie, 'admin.transfers.list', { ...DEFAULT_PAGE, status: 'PROCESSING' });
    // No bulk row has a due date: the filter walks its whole scan window and finds nothing – the slowest page.
    const overdue = () =>
      consoleQuery(cookie, 'admin.transfers.list', { ...DEFAULT_PAGE, deadline: 'OVERDUE' });
    let term = 0;
    const terms = [
      () => `BENCHREF${String(1 + 4 * Math.floor(Math.random() * (ROWS / 4))).padStart(8, '0')}`,
      () => `BULK${String(Math.floor(Math.random() * 9_999)).padStart(4, '0')}`,
      () => `00000000-0000-4000-8000-${String(Math.floor(Math.random() * ROWS)).padStart(12, '0')}`,
      () => 'max muster',
      () => 'DUMBZZ33XXX',
      () => 'US0378331005',
    ];
    const search = () =>
      consoleQuery(cookie, 'admin.transfers.find', { q: (terms[term++ % terms.length] as () => string)() });
    for (const probe of [page(), search(), overdue(), consoleQuery(cookie, 'admin.health')]) {
      const res = await fetch(`${api.url}${probe.path}`, { headers: probe.headers });
      if (res.status !== 200) throw new Error(`${probe.path} answered ${res.status}: ${await res.text()}`);
    }

    const rows: LoadFigures[] = [];
    const consoleRows: string[] = [];
    const creates = () => prepared(2_000 * SECONDS, requests.restCreate);
    const createOptions = { connections: CREATE_CONNECTIONS, seconds: SECONDS, serverPid: api.process.pid };
    await runLoad('warm-up', api.url, { connections: CREATE_CONNECTIONS, seconds: 3 }, requests.restCreate);

    /** A console request in a closed loop on one connection while the creates run. */
    const under = async (label: string, make: () => LoadRequest) => {
      // Alone first: the request's own cost on the api, then against the creates.
      rows.push(
        await runLoad(
          `${label}, alone`,
          api.url,
          { connections: 1, seconds: SECONDS / 2, serverPid: api.process.pid },
          make,
        ),
      );
      const signed = creates();
      const [measured, load] = await Promise.all([
        runLoad(`${label}, under creates`, api.url, { connections: 1, seconds: SECONDS }, make),
        runLoad(`  creates during ${label}`, api.url, createOptions, signed),
      ]);
      rows.push(measured, load);
    };
    const rounds = Array.from({ length: PAIRS }, (_, i) => i + 1);
    for (const round of rounds) {
      rows.push(await runLoad(`(a${round}) REST create, no console`, api.url, createOptions, creates()));
      const signed = creates();
      const [withConsoles, polled] = await Promise.all([
        runLoad(`(b${round}) REST create, ${CONSOLES} consoles polling`, api.url, createOptions, signed),
        pollingConsoles(api.url, cookie, CONSOLES, SECONDS),
      ]);
      rows.push(withConsoles);
      consoleRows.push(
        `(b${round}) the ${CONSOLES} consoles' own requests: ${polled.requests}, p50 ${polled.p50} ms, p99 ${polled.p99} ms, max ${polled.max} ms, ${polled.failures} failed`,
      );
    }
    await under('(c) transfers page, default', page);
    await under('(d) search box, rotating terms', search);
    await under('(e) transfers page 2 (cursor)', secondPage);
    await under('(f) transfers page status=PROCESSING', processing);
    await under('(g) transfers page deadline=OVERDUE (window)', overdue);
    const [stress, stressLoad] = await Promise.all([
      runLoad(
        `(h) ${CONSOLES} consoles without pause`,
        api.url,
        { connections: CONSOLES, seconds: SECONDS },
        page,
      ),
      runLoad('  creates during (h)', api.url, createOptions, creates()),
    ]);
    rows.push(stress, stressLoad);

    console.log(
      `\n${ROWS.toLocaleString('en')} transfers stored; api built, in its own process; creates signed before their run, ${CREATE_CONNECTIONS} connections.`,
    );
    printFigures(rows);
    for (const line of consoleRows) console.log(line);
    const ratios: number[] = [];
    for (const round of rounds) {
      const without = rows.find((r) => r.label.startsWith(`(a${round})`));
      const withC = rows.find((r) => r.label.startsWith(`(b${round})`));
      if (without && withC) {
        ratios.push(withC.p99 / without.p99);
        console.log(
          `pair ${round}: create p99 ${without.p99} ms without consoles, ${withC.p99} ms with ${CONSOLES} (${(((withC.p99 - without.p99) / without.p99) * 100).toFixed(1)} %)`,
        );
      }
    }
    const sorted = [...ratios].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    const median =
      sorted.length % 2 === 1 ? (sorted[mid] ?? 1) : ((sorted[mid - 1] ?? 1) + (sorted[mid] ?? 1)) / 2;
    console.log(
      `median of ${ratios.length} per-pair ratios: ${((median - 1) * 100).toFixed(1)} % (target ≤ +10 %)`,
    );
  } finally {
    await api.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
