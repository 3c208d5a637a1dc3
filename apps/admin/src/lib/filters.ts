// The transfers table's filter state ⇄ the URL query, so a view can be
// bookmarked and shared. Defaults are left out of the URL; an invalid value
// falls back to its default instead of breaking the page. Pages are keyset
// cursors (`after` / `before`) the api hands out, never page numbers.

export const KINDS = ['SECURITIES', 'ACCOUNT'] as const;
export const DIRECTIONS = ['INCOMING', 'OUTGOING'] as const;
export const SORTS = ['created_at', 'updated_at'] as const;
export const ORDERS = ['ASC', 'DESC'] as const;
export const PAGE_SIZES = [25, 50, 100] as const;
export const DEADLINES = ['OVERDUE', 'AT_RISK', 'ON_TRACK'] as const;

export interface TransferFilters {
  kind: (typeof KINDS)[number];
  tenant: string;
  direction: (typeof DIRECTIONS)[number] | '';
  status: string;
  user: string;
  account: string;
  isin: string;
  bic: string;
  reference: string;
  from: string;
  to: string;
  /** Why-stuck filters (securities transfers). */
  deadline: (typeof DEADLINES)[number] | '';
  custodian: string;
  cancelling: boolean;
  exception: boolean;
  parked: boolean;
  sort: (typeof SORTS)[number];
  order: (typeof ORDERS)[number];
  after: string;
  before: string;
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
  bic: '',
  reference: '',
  from: '',
  to: '',
  deadline: '',
  custodian: '',
  cancelling: false,
  exception: false,
  parked: false,
  sort: 'created_at',
  order: 'DESC',
  after: '',
  before: '',
  size: 25,
};

const TEXT_KEYS = ['tenant', 'user', 'account', 'isin', 'bic', 'reference', 'custodian'] as const;
const FLAG_KEYS = ['cancelling', 'exception', 'parked'] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const STATUS = /^[A-Z_]{1,40}$/;
const CURSOR = /^[A-Za-z0-9_-]{1,400}$/;

/** Filters that only securities transfers carry. */
export function hasWhyStuckFilter(f: TransferFilters): boolean {
  return f.deadline !== '' || f.custodian !== '' || f.cancelling || f.exception || f.parked;
}

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
  const cursor = (name: string) => (CURSOR.test(q.get(name) ?? '') ? (q.get(name) ?? '') : '');
  const filters: TransferFilters = {
    ...DEFAULT_FILTERS,
    kind: oneOf(KINDS, q.get('kind'), DEFAULT_FILTERS.kind),
    direction: oneOf<TransferFilters['direction']>(DIRECTIONS, q.get('direction'), ''),
    status: STATUS.test(q.get('status') ?? '') ? (q.get('status') ?? '') : '',
    from: validDate(q.get('from')),
    to: validDate(q.get('to')),
    deadline: oneOf<TransferFilters['deadline']>(DEADLINES, q.get('deadline'), ''),
    sort: oneOf(SORTS, q.get('sort'), DEFAULT_FILTERS.sort),
    order: oneOf(ORDERS, q.get('order'), DEFAULT_FILTERS.order),
    size: oneOf(PAGE_SIZES, q.get('size'), DEFAULT_FILTERS.size),
    after: cursor('after'),
    before: cursor('before'),
  };
  if (filters.after !== '') filters.before = '';
  for (const key of TEXT_KEYS) filters[key] = (q.get(key) ?? '').trim().slice(0, 140);
  for (const key of FLAG_KEYS) filters[key] = q.get(key) === '1';
  return filters;
}

/** Only what differs from the defaults, in a stable order: "?kind=ACCOUNT&status=NEW". */
export function serializeFilters(filters: TransferFilters): string {
  const q = new URLSearchParams();
  for (const key of Object.keys(DEFAULT_FILTERS) as (keyof TransferFilters)[]) {
    const value = filters[key];
    if (value === DEFAULT_FILTERS[key] || value === '') continue;
    q.set(key, typeof value === 'boolean' ? '1' : String(value));
  }
  const text = q.toString();
  return text === '' ? '' : `?${text}`;
}

/** A filter change starts again at the first page; paging keeps the filters. */
export function withFilter(filters: TransferFilters, patch: Partial<TransferFilters>): TransferFilters {
  return { ...filters, after: '', before: '', ...patch };
}

/** The filters of the view (no page): the list's input and the export's query alike. */
export function toViewInput(f: TransferFilters) {
  const optional = (value: string) => (value === '' ? undefined : value);
  const flag = (value: boolean) => (value ? true : undefined);
  const securities = f.kind === 'SECURITIES';
  return {
    kind: f.kind,
    tenant_id: optional(f.tenant),
    direction: f.direction === '' ? undefined : f.direction,
    status: optional(f.status),
    user_id: optional(f.user),
    account_id: optional(f.account),
    isin: optional(f.isin),
    counterparty_bic: optional(f.bic),
    settlement_reference: optional(f.reference),
    created_from: optional(f.from),
    created_to: optional(f.to),
    deadline: securities && f.deadline !== '' ? f.deadline : undefined,
    custodian_status: securities ? optional(f.custodian) : undefined,
    cancellation_pending: securities ? flag(f.cancelling) : undefined,
    open_exception: securities ? flag(f.exception) : undefined,
    parked: securities ? flag(f.parked) : undefined,
    sort: f.sort,
    order: f.order,
  };
}

/** The admin.transfers.list input for these filters and this page. */
export function toListInput(f: TransferFilters) {
  return {
    ...toViewInput(f),
    after: f.after === '' ? undefined : f.after,
    before: f.before === '' || f.after !== '' ? undefined : f.before,
    limit: f.size,
  };
}

/** Where the CSV of this view downloads from (every row, not just this page). */
export function exportHref(f: TransferFilters): string {
  const q = new URLSearchParams();
  for (const [name, value] of Object.entries(toViewInput(f))) {
    if (value !== undefined) q.set(name, String(value));
  }
  return `/admin/api/transfers.csv?${q.toString()}`;
}
