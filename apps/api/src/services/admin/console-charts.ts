import type { Db } from '../../db/client.js';
import {
  type ChartDeadlineState,
  countOpenByAgeAndDeadline,
  countReceivedPerDay,
  listSettleTimes,
} from '../../repositories/console-charts.js';
import { AT_RISK_DAYS } from './deadline-state.js';

export const MAX_CHART_DAYS = 90;

const DIRECTIONS = ['INCOMING', 'OUTGOING'];
const STATUSES = ['NEW', 'PROCESSING', 'SETTLED', 'CANCELLED'];

/** Age buckets of open transfers, in whole days since receipt; the last is open-ended. */
export const AGE_BUCKETS = [
  { label: '0–2 d', upTo: 2 },
  { label: '3–7 d', upTo: 7 },
  { label: '8–14 d', upTo: 14 },
  { label: '15–21 d', upTo: 21 },
  { label: '22–30 d', upTo: 30 },
  { label: '> 30 d', upTo: Number.POSITIVE_INFINITY },
] as const;

export const DEADLINE_STATES = [
  'ON_TRACK',
  'AT_RISK',
  'OVERDUE',
  'NO_DEADLINE',
] as const satisfies readonly ChartDeadlineState[];

/**
 * Open securities transfers (NEW, PROCESSING: the work-queue index) by age
 * and deadline state, the state computed from the due date on today's date
 * exactly as the deadlines board does.
 */
async function ageing(db: Db, now: Date, today: string) {
  const rows = await countOpenByAgeAndDeadline(db, now, today, AT_RISK_DAYS);
  const buckets = AGE_BUCKETS.map((b) => ({
    bucket: b.label,
    ON_TRACK: 0,
    AT_RISK: 0,
    OVERDUE: 0,
    NO_DEADLINE: 0,
  }));
  for (const row of rows) {
    const index = AGE_BUCKETS.findIndex((b) => Math.max(0, row.age) <= b.upTo);
    const bucket = buckets[index];
    if (bucket) bucket[row.state] += row.n;
  }
  return buckets;
}

/**
 * Securities transfers received per UTC day by direction and current status.
 * Every range is one of the covering (tenant, direction, status, created_at)
 * index, so the count reads no table rows.
 */
async function dailyVolumes(db: Db, since: string, days: string[]) {
  const rows = await countReceivedPerDay(db, since, STATUSES);
  return days.map((d) => {
    const counts: Record<string, number> = {};
    for (const direction of DIRECTIONS) for (const status of STATUSES) counts[`${direction}_${status}`] = 0;
    for (const row of rows) if (row.day === d) counts[`${row.direction}_${row.status}`] = row.n;
    return { day: d, ...counts };
  });
}

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? null;
}

/**
 * Time to settle: from receipt of the client's request (`created_at`) to the
 * moment the api recorded the final settlement (`updated_at` of a SETTLED
 * transfer, which is final and not changed again), per UTC day of
 * settlement. Reads the (tenant, direction, updated_at) index range of the
 * window; percentiles in hours.
 */
async function timeToSettle(db: Db, since: string, days: string[]) {
  const rows = await listSettleTimes(db, since);
  const byDay = new Map<string, number[]>();
  for (const row of rows) byDay.set(row.day, [...(byDay.get(row.day) ?? []), row.hours]);
  const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
  return days.map((d) => {
    const sorted = (byDay.get(d) ?? []).sort((a, b) => a - b);
    return {
      day: d,
      settled: sorted.length,
      p50_hours: round(percentile(sorted, 50)),
      p90_hours: round(percentile(sorted, 90)),
      max_hours: round(sorted.at(-1) ?? null),
    };
  });
}

/** The console's charts over the last `days` UTC days (today included). */
export async function consoleCharts(db: Db, now: Date, days: number) {
  const today = now.toISOString().slice(0, 10);
  const dayList = Array.from({ length: days }, (_, i) =>
    new Date(Date.parse(`${today}T00:00:00.000Z`) - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  );
  const since = `${dayList[0]}T00:00:00.000Z`;
  return {
    today,
    days,
    ageing: await ageing(db, now, today),
    daily_volumes: await dailyVolumes(db, since, dayList),
    time_to_settle: await timeToSettle(db, since, dayList),
  };
}
