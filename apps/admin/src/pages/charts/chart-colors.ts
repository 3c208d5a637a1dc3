// One palette for the charts, the same hues as the console's badges, chosen
// to stay distinguishable for colour-blind readers (blue/orange/red/grey).
export const DEADLINE_COLORS = {
  ON_TRACK: '#2457c5',
  AT_RISK: '#d98c00',
  OVERDUE: '#b42318',
  NO_DEADLINE: '#98a2b3',
} as const;

export const STATUS_COLORS = {
  NEW: '#98a2b3',
  PROCESSING: '#2457c5',
  SETTLED: '#1b7a43',
  CANCELLED: '#b42318',
} as const;

export const PERCENTILE_COLORS = { p50_hours: '#2457c5', p90_hours: '#d98c00' } as const;
