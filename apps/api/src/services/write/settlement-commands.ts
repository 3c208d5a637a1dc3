import { announceDeadlines } from '../settlement/announce-deadlines.js';
import { claimWork } from '../settlement/claim-work.js';
import { settlementError } from '../settlement/command-result.js';
import { expireIncoming } from '../settlement/expire-incoming.js';
import { parseCommand, runCommand } from '../settlement/run-command.js';
import { recordStatement, type Statement } from '../settlement/statements.js';
import type { ChangeMeta } from '../transitions.js';
import { defineCommands } from './command-table.js';

/**
 * The settlement worker's writes (the internal router). A batch of
 * `settlement.run` commands is submitted in one turn, so the port commits it
 * together and a failing command rolls back only itself.
 */
export const settlementCommands = defineCommands({
  /** One settlement command as the worker sent it: parsed here, so a malformed one fails alone. */
  'settlement.run': async (db, c: { command: unknown; meta: ChangeMeta }) => {
    try {
      return await runCommand(db, parseCommand(c.command), c.meta);
    } catch (error) {
      throw settlementError(error);
    }
  },
  'settlement.claimWork': async (
    db,
    c: {
      owner: string;
      limit: number;
      leaseSeconds: number;
      simulateAfterMs: number | null;
      now: string;
      /** Validate the INSTRUCT items in the claim's transaction, under this change meta. */
      validateAs: ChangeMeta | null;
    },
  ) =>
    await claimWork(
      db,
      {
        owner: c.owner,
        limit: c.limit,
        leaseSeconds: c.leaseSeconds,
        simulateAfterMs: c.simulateAfterMs,
        now: new Date(c.now),
      },
      c.validateAs === null ? undefined : { meta: c.validateAs },
    ),
  'settlement.expireIncoming': async (db, c: { meta: ChangeMeta; limit: number }) =>
    await expireIncoming(db, c.meta, c.limit),
  'settlement.announceDeadlines': async (db, c: { meta: ChangeMeta; atRiskDays: number; limit: number }) =>
    await announceDeadlines(db, c.meta, c.atRiskDays, c.limit),
  'settlement.recordStatement': async (db, c: { statement: Statement; at: string }) =>
    await recordStatement(db, c.statement, c.at),
});
