import type { z } from 'zod';

/** Resources a write command parsed with their contract schema before its commit. */
const checkedByCommand = new WeakSet<object>();

export function markCheckedByCommand(value: unknown): void {
  if (value !== null && typeof value === 'object') checkedByCommand.add(value);
}

/**
 * The output parser of a procedure answered by a write command: the contract
 * schema, except for the resource the command itself just parsed with that
 * schema (on the writer thread, before committing it and its idempotency
 * record). Parsing it again here would spend event-loop time – the busiest
 * thread of a signed create – on a check already made. Replays and anything
 * else are parsed as usual.
 */
export function commandOutput<Schema extends z.ZodType>(
  schema: Schema,
): (value: unknown) => z.output<Schema> {
  return (value) =>
    value !== null && typeof value === 'object' && checkedByCommand.has(value)
      ? (value as z.output<Schema>)
      : schema.parse(value);
}
