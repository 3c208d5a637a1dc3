import { DIRECTIONS, SORT_FIELDS, SORT_ORDERS } from '@tbo/contracts';
import { z } from 'zod';
import { sameCaseAsStored } from '../../lib/uuid-case.js';

const DATE = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');
const SHORT = z.string().trim().min(1).max(140);
/** Ids compare in the case they are stored in (UUIDs lower case), whatever case was typed. */
const ID = SHORT.overwrite(sameCaseAsStored);
/** Opaque keyset cursor from a previous page (transfer-cursor.ts). */
const CURSOR = z.string().min(1).max(400);

export const TRANSFER_KINDS = ['SECURITIES', 'ACCOUNT'] as const;
export type AdminTransferKind = (typeof TRANSFER_KINDS)[number];

/** Deadline state of an open transfer, computed from its due date and today (deadline-state.ts). */
export const DEADLINE_FILTERS = ['ON_TRACK', 'AT_RISK', 'OVERDUE'] as const;

/** What the list may be filtered by: across tenants, every filter optional. */
export const AdminTransferViewSchema = z.strictObject({
  kind: z.enum(TRANSFER_KINDS).default('SECURITIES'),
  tenant_id: ID.optional(),
  direction: z.enum(DIRECTIONS).optional(),
  /** A string, not an enum: status lists grow and an unknown one simply matches nothing. */
  status: z.string().trim().min(1).max(40).optional(),
  user_id: ID.optional(),
  account_id: ID.optional(),
  isin: SHORT.optional(),
  counterparty_bic: SHORT.optional(),
  /** Prefix, case-insensitive. */
  settlement_reference: SHORT.optional(),
  created_from: DATE.optional(),
  /** Inclusive: the whole day counts. */
  created_to: DATE.optional(),
  // Why-stuck filters; each implies an open (NEW or PROCESSING) transfer.
  deadline: z.enum(DEADLINE_FILTERS).optional(),
  /** A cancellation was asked for and the transfer is still open. */
  cancellation_pending: z.boolean().optional(),
  /** At least one custodian exception about it is unresolved. */
  open_exception: z.boolean().optional(),
  /** The custodian's latest status advice starts with this (e.g. `PEND`, `MTCH//NMAT`). */
  custodian_status: z.string().trim().min(1).max(40).optional(),
  /** The worker gave up on it after its attempts. */
  parked: z.boolean().optional(),
  sort: z.enum(SORT_FIELDS).default('created_at'),
  order: z.enum(SORT_ORDERS).default('DESC'),
});

/** One keyset page of the list: `after` (next page) or `before` (previous page), not both. */
export const AdminTransferFiltersSchema = AdminTransferViewSchema.extend({
  after: CURSOR.optional(),
  before: CURSOR.optional(),
  limit: z.number().int().min(1).max(200).default(25),
}).refine((f) => f.after === undefined || f.before === undefined, {
  message: 'give either after or before, not both',
  path: ['before'],
});

export type AdminTransferView = z.infer<typeof AdminTransferViewSchema>;
export type AdminTransferFilters = z.infer<typeof AdminTransferFiltersSchema>;

/** The why-stuck filters: only securities transfers carry custodian and worker state. */
export function hasWhyStuckFilter(f: AdminTransferView): boolean {
  return (
    f.deadline !== undefined ||
    f.cancellation_pending === true ||
    f.open_exception === true ||
    f.custodian_status !== undefined ||
    f.parked === true
  );
}
