import { z } from 'zod';
import { BicSchema, swiftText } from './fields.js';

export const CounterpartySchema = z.strictObject({
  bic: BicSchema,
  account_number: swiftText(28).optional(),
  name: swiftText(140).optional(),
});
export type Counterparty = z.infer<typeof CounterpartySchema>;
