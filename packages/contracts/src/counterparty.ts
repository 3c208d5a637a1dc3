import { z } from 'zod';
import { unsafeNameLine } from './counterparty-name.js';
import { BicSchema, swiftText } from './fields.js';

/**
 * What a settlement instruction can carry: spaces around a value are removed
 * (normalised), an empty value is refused (omit the field instead), and a
 * name whose continuation line would start with ':' or '-' is refused.
 */
export const CounterpartySchema = z.strictObject({
  bic: BicSchema,
  account_number: swiftText(28, 1, { trim: true }).optional(),
  name: swiftText(140, 1, { trim: true })
    .superRefine((name, ctx) => {
      const problem = unsafeNameLine(name);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
});
export type Counterparty = z.infer<typeof CounterpartySchema>;
