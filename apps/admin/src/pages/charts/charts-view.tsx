import type { ReactElement } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { ConsoleCharts } from '../../api-types.js';
import { DEADLINE_COLORS, PERCENTILE_COLORS, STATUS_COLORS } from './chart-colors.js';

const HEIGHT = 240;
const AXIS = { fontSize: 11, fill: '#667085' };
const DEADLINE_LABELS = {
  ON_TRACK: 'On track',
  AT_RISK: 'At risk',
  OVERDUE: 'Overdue',
  NO_DEADLINE: 'No deadline',
} as const;
const STATUSES = ['NEW', 'PROCESSING', 'SETTLED', 'CANCELLED'] as const;

/** "2026-03-02" → "2 Mar": the axis of daily charts (UTC days, as the api counts them). */
function shortDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
}

function ChartCard(props: { title: string; subtitle: string; testId: string; children: ReactElement }) {
  return (
    <section className="card chart-card" data-testid={props.testId} aria-label={props.title}>
      <h2>{props.title}</h2>
      <p className="muted small chart-subtitle">{props.subtitle}</p>
      <ResponsiveContainer width="100%" height={HEIGHT}>
        {props.children}
      </ResponsiveContainer>
    </section>
  );
}

export function AgeingChart({ data }: { data: ConsoleCharts['ageing'] }) {
  return (
    <ChartCard
      title="Ageing of open transfers"
      subtitle="Open securities transfers (new, processing) by days since receipt, stacked by deadline state."
      testId="chart-ageing"
    >
      <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="bucket" tick={AXIS} />
        <YAxis allowDecimals={false} tick={AXIS} width={40} />
        <Tooltip />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {(Object.keys(DEADLINE_LABELS) as (keyof typeof DEADLINE_LABELS)[]).map((state) => (
          <Bar
            key={state}
            dataKey={state}
            name={DEADLINE_LABELS[state]}
            stackId="deadline"
            fill={DEADLINE_COLORS[state]}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </ChartCard>
  );
}

export function VolumesChart({
  data,
  direction,
}: {
  data: ConsoleCharts['daily_volumes'];
  direction: 'INCOMING' | 'OUTGOING';
}) {
  return (
    <ChartCard
      title={`Daily volumes – ${direction.toLowerCase()}`}
      subtitle="Securities transfers received per day (UTC), stacked by their status now."
      testId={`chart-volumes-${direction.toLowerCase()}`}
    >
      <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="day" tickFormatter={shortDay} tick={AXIS} minTickGap={12} />
        <YAxis allowDecimals={false} tick={AXIS} width={40} />
        <Tooltip labelFormatter={(day) => shortDay(String(day))} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {STATUSES.map((status) => (
          <Bar
            key={status}
            dataKey={`${direction}_${status}`}
            name={status.toLowerCase()}
            stackId="status"
            fill={STATUS_COLORS[status]}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </ChartCard>
  );
}

export function TimeToSettleChart({ data }: { data: ConsoleCharts['time_to_settle'] }) {
  return (
    <ChartCard
      title="Time to settle"
      subtitle="Hours from receipt of the request to the booked settlement, per day of settlement (UTC): median and 90th percentile."
      testId="chart-time-to-settle"
    >
      <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="day" tickFormatter={shortDay} tick={AXIS} minTickGap={12} />
        <YAxis tick={AXIS} width={40} unit=" h" />
        <Tooltip labelFormatter={(day) => shortDay(String(day))} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Line
          dataKey="p50_hours"
          name="median"
          stroke={PERCENTILE_COLORS.p50_hours}
          isAnimationActive={false}
          connectNulls={false}
        />
        <Line
          dataKey="p90_hours"
          name="90th percentile"
          stroke={PERCENTILE_COLORS.p90_hours}
          isAnimationActive={false}
          connectNulls={false}
        />
      </LineChart>
    </ChartCard>
  );
}
