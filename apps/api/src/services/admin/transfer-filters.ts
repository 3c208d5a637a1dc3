import { DIRECTIONS, SORT_FIELDS, SORT_ORDERS } from '@tbo/contracts';
import { z } from 'zod';
import { sameCaseAsStored } from '../../lib/uuid-case.js';

const DATE = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');
const SHORT = z.string().trim().min(1).max(140);
/** Ids compare in the case they are stored in (UUIDs lower case), whatever case was typed. */
const ID = SHORT.overwrite(sameCaseAsStored);

export const TRANSFER_KINDS = ['SECURITIES', 'ACCOUNT'] as const;
export type AdminTransferKind = (typeof TRANSFER_KINDS)[number];

/** The console's transfer search: across tenants, every filter optional. */
export const AdminTransferFiltersSchema = z.strictObject({
  kind: z.enum(TRANSFER_KINDS).default('SECURITIES'),
  tenant_id: ID.optional(),
  direction: z.enum(DIRECTIONS).optional(),
  /** A string, not an enum: status lists grow and an unknown one simply matches nothing. */
  status: z.string().trim().min(1).max(40).optional(),
  user_id: ID.optional(),
  account_id: ID.optional(),
  isin: SHORT.optional(),
  /** Substring, case-insensitive. */
  settlement_reference: SHORT.optional(),
  created_from: DATE.optional(),
  /** Inclusive: the whole day counts. */
  created_to: DATE.optional(),
  sort: z.enum(SORT_FIELDS).default('created_at'),
  order: z.enum(SORT_ORDERS).default('DESC'),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(200).default(25),
});

export type AdminTransferFilters = z.infer<typeof AdminTransferFiltersSchema>;
