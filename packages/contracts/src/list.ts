import { z } from 'zod';
import { SortFieldSchema, SortOrderSchema } from './enums.js';

export const LIST_LIMIT_DEFAULT = 100;
export const LIST_LIMIT_MAX = 1000;
const INT32_MAX = 2_147_483_647;

// Query strings arrive as text; accept a plain non-negative integer written
// in digits (or a number from a typed client) and nothing looser.
function integerParam(name: string, min: number, max: number) {
  return z.preprocess(
    (value) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value),
    z
      .number({ error: `${name} must be an integer` })
      .int({ error: `${name} must be an integer` })
      .min(min, { error: `${name} must be at least ${min}` })
      .max(max, { error: `${name} must be at most ${max}` }),
  );
}

export const PaginationQueryShape = {
  sort: SortFieldSchema.default('created_at'),
  order: SortOrderSchema.default('ASC'),
  offset: integerParam('offset', 0, INT32_MAX).default(0),
  limit: integerParam('limit', 0, LIST_LIMIT_MAX).default(LIST_LIMIT_DEFAULT),
};

export const ListMetaSchema = z.object({
  offset: z.number().int().min(0),
  limit: z.number().int().min(0).max(LIST_LIMIT_MAX),
  count: z.number().int().min(0),
  total_count: z.number().int().min(0),
  sort: SortFieldSchema,
  order: SortOrderSchema,
});
export type ListMeta = z.infer<typeof ListMetaSchema>;

export function listResponseOf<T extends z.ZodType>(item: T) {
  return z.object({ meta: ListMetaSchema, data: z.array(item) });
}
