import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateKeyPair } from '@tbo/signing';
import { startApiProcess } from './api-process.js';
import { prepareBenchDatabase } from './bench-data.js';
import { runLoad } from './load.js';
import { benchRequests, prepared } from './requests.js';

// pnpm --filter @tbo/api bench:ab – two api configurations side by side,
// each with its own database, measured in alternating short rounds:
//   AB_A='{"WRITER_THREAD":"on"}' AB_B='{"WRITER_THREAD":"off"}' AB_KIND=rest|trpc|list AB_ROUNDS=6 AB_SECONDS=3
// AB_KIND=list reads a page of 100 over one connection (its p99 is the figure; BENCH_ROWS=1000000 for the target's size).
// Two builds: copy dist/ to e.g. dist-before/ first, change, then AB_B_ENTRY=dist-before/server.js.
// This machine's speed drifts by a fifth within minutes; only rounds run
// back to back compare two settings fairly.
const ROUNDS = Number(process.env.AB_ROUNDS ?? 6);
const SECONDS = Number(process.env.AB_SECONDS ?? 3);
const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const KIND = process.env.AB_KIND ?? 'rest';
if (KIND !== 'rest' && KIND !== 'trpc' && KIND !== 'list')
  throw new Error(`AB_KIND must be rest, trpc or list, not ${KIND}`);
const CONNECTIONS = KIND === 'list' ? 1 : 32;

function settings(name: string): Record<string, string> {
  const raw = process.env[name] ?? '{}';
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error(`${name} must be a JSON object of environment variables, not ${raw}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new Error(`${name} must be a JSON object of environment variables, not ${raw}`);
  return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
}

async function side(label: 'A' | 'B', dir: string, key: { publicKey: string; privateKey: string }) {
  const path = join(dir, `${label}.sqlite`);
  await prepareBenchDatabase(path, ROWS, key.publicKey);
  const entry = process.env[`AB_${label}_ENTRY`];
  const api = await startApiProcess(path, {
    env: settings(`AB_${label}`),
    ...(entry ? { entry: resolve(entry) } : {}),
  });
  const requests = await benchRequests(api.url, key.privateKey);
  return {
    label,
    api,
    make:
      KIND === 'rest'
        ? requests.restCreate
        : KIND === 'trpc'
          ? requests.trpcCreate
          : () => requests.signed('GET', '/securities_transfers?direction=INCOMING'),
    rates: [] as number[],
    p99s: [] as number[],
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tbo-ab-'));
  const key = generateKeyPair('ed25519');
  const a = await side('A', dir, key);
  const b = await side('B', dir, key);
  try {
    for (const s of [a, b])
      await runLoad('warm-up', s.api.url, { connections: CONNECTIONS, seconds: 2 }, s.make);
    for (let round = 0; round < ROUNDS; round++) {
      for (const s of round % 2 === 0 ? [a, b] : [b, a]) {
        const options = { connections: CONNECTIONS, seconds: SECONDS, serverPid: s.api.process.pid };
        const figures = await runLoad(s.label, s.api.url, options, prepared(5_000 * SECONDS, s.make));
        s.rates.push(figures.perSecond);
        s.p99s.push(figures.p99);
        console.log(
          `round ${round} ${s.label}: ${figures.perSecond}/s p99 ${figures.p99} ms, api CPU ${figures.serverCpuMs} ms/req, non-2xx ${figures.non2xx}`,
        );
      }
    }
  } finally {
    await a.api.stop();
    await b.api.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];
  const ratios = a.rates.map((rate, i) => (rate / (b.rates[i] ?? rate)).toFixed(2));
  const what = KIND === 'list' ? 'list pages' : `${KIND} creates`;
  console.log(
    `${what}: median A ${median(a.rates)}/s, median B ${median(b.rates)}/s; A/B by round ${ratios.join(' ')}`,
  );
  console.log(`${what}: p99 median A ${median(a.p99s)} ms, median B ${median(b.p99s)} ms`);
}

await main();
