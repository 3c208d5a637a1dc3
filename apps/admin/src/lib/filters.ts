// The transfers table's filter state ⇄ the URL query, so a view can be
// bookmarked and shared. Defaults are left out of the URL; an invalid value
// falls back to its default instead of breaking the page.

export const KINDS = ['SECURITIES', 'ACCOUNT'] as const;
export const DIRECTIONS = ['INCOMING', 'OUTGOING'] as const;
export const SORTS = ['created_at', 'updated_at'] as const;
export const ORDERS = ['ASC', 'DESC'] as const;
export const PAGE_SIZES = [25, 50, 100] as const;

export interface TransferFilters {
  kind: (typeof KINDS)[number];
  tenant: string;
  direction: (typeof DIRECTIONS)[number] | '';
  status: string;
  user: string;
  account: string;
  isin: string;
  reference: string;
  from: string;
  to: string;
  sort: (typeof SORTS)[number];
  order: (typeof ORDERS)[number];
  page: number;
  size: (typeof PAGE_SIZES)[number];
}

export const DEFAULT_FILTERS: TransferFilters = {
  kind: 'SECURITIES',
  tenant: '',
  direction: '',
  status: '',
  user: '',
  account: '',
  isin: '',
  reference: '',
  from: '',
  to: '',
  sort: 'created_at',
  order: 'DESC',
  page: 1,
  size: 25,
};

const TEXT_KEYS = ['tenant', 'user', 'account', 'isin', 'reference'] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const STATUS = /^[A-Z_]{1,40}$/;

function oneOf<T extends string | number>(values: readonly T[], raw: string | null, fallback: T): T {
  return values.find((v) => String(v) === raw) ?? fallback;
}

function validDate(raw: string | null): string {
  if (!raw || !DATE.test(raw)) return '';
  const date = new Date(`${raw}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(raw) ? raw : '';
}

export function parseFilters(search: string): TransferFilters {
  const q = new URLSearchParams(search);
  const filters: TransferFilters = {
    ...DEFAULT_FILTERS,
    kind: oneOf(KINDS, q.get('kind'), DEFAULT_FILTERS.kind),
    direction: oneOf<TransferFilters['direction']>(DIRECTIONS, q.get('direction'), ''),
    status: STATUS.test(q.get('status') ?? '') ? (q.get('status') ?? '') : '',
    from: validDate(q.get('from')),
    to: validDate(q.get('to')),
    sort: oneOf(SORTS, q.get('sort'), DEFAULT_FILTERS.sort),
    order: oneOf(ORDERS, q.get('order'), DEFAULT_FILTERS.order),
    size: oneOf(PAGE_SIZES, q.get('size'), DEFAULT_FILTERS.size),
  };
  for (const key of TEXT_KEYS) filters[key] = (q.get(key) ?? '').trim().slice(0, 140);
  const page = Number(q.get('page'));
  filters.page = Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1;
  return filters;
}

/** Only what differs from the defaults, in a stable order: "?kind=ACCOUNT&status=NEW". */
export function serializeFilters(filters: TransferFilters): string {
  const q = new URLSearchParams();
  for (const key of Object.keys(DEFAULT_FILTERS) as (keyof TransferFilters)[]) {
    const value = filters[key];
    if (value !== DEFAULT_FILTERS[key] && value !== '') q.set(key, String(value));
  }
  const text = q.toString();
  return text === '' ? '' : `?${text}`;
}

/** A filter change starts again at page 1; paging keeps the filters. */
export function withFilter(filters: TransferFilters, patch: Partial<TransferFilters>): TransferFilters {
  return { ...filters, page: 1, ...patch };
}

/** The admin.transfers.list input for these filters. */
export function toListInput(f: TransferFilters) {
  const optional = (value: string) => (value === '' ? undefined : value);
  return {
    kind: f.kind,
    tenant_id: optional(f.tenant),
    direction: f.direction === '' ? undefined : f.direction,
    status: optional(f.status),
    user_id: optional(f.user),
    account_id: optional(f.account),
    isin: optional(f.isin),
    settlement_reference: optional(f.reference),
    created_from: optional(f.from),
    created_to: optional(f.to),
    sort: f.sort,
    order: f.order,
    offset: (f.page - 1) * f.size,
    limit: f.size,
  };
}
