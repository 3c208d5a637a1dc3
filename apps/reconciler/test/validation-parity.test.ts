import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO } from '../../api/src/demo/seed-demo.js';
import { systemClock } from '../../api/src/lib/clock.js';
import { problemOf } from '../../api/test/inspect.js';
import { custodianReferenceFor } from '../src/references.js';
import { statusOf, transferOf } from './inspect.js';
import { NETFLIX, securities } from './requests.js';
import { confirmation } from './swift-messages.js';
import { dropMessage, safe } from './swift-process.js';
import { type System, startSystem, waitFor } from './system.js';
import { exited, spawnWorker } from './worker-process.js';

type Request = ReturnType<typeof securities>;
type Change = (r: Request) => Record<string, unknown>;
const counterparty = (r: Request, patch: Record<string, string>) => ({
  ...r,
  counterparty: { ...r.counterparty, ...patch },
});

/** The seed-valid inputs the SWIFT writer once refused only in production: each settles or is a 400, in both modes. */
const CASES: { label: string; change: Change; outcome: { settles: true } | { refused: string } }[] = [
  {
    label: 'an empty counterparty.name',
    change: (r) => counterparty(r, { name: '' }),
    outcome: { refused: 'counterparty.name' },
  },
  {
    label: 'an empty counterparty.account_number',
    change: (r) => counterparty(r, { account_number: '' }),
    outcome: { refused: 'counterparty.account_number' },
  },
  {
    label: 'spaces around the name',
    change: (r) => counterparty(r, { name: ' Max Mustermann  ' }),
    outcome: { settles: true },
  },
  {
    label: 'spaces around the account number',
    change: (r) => counterparty(r, { account_number: ' 1234567891 ' }),
    outcome: { settles: true },
  },
  {
    label: 'a trailing space in the settlement reference',
    change: (r) => ({ ...r, settlement_reference: `${r.settlement_reference} ` }),
    outcome: { settles: true },
  },
  {
    label: "a name line that would start with ':'",
    change: (r) => counterparty(r, { name: `${'A'.repeat(30)} :Holding` }),
    outcome: { refused: 'counterparty.name' },
  },
  {
    label: "a name line that would start with '-'",
    change: (r) => counterparty(r, { name: `${'A'.repeat(30)} -Holding` }),
    outcome: { refused: 'counterparty.name' },
  },
  {
    label: 'a 15-digit quantity',
    change: (r) => ({ ...r, quantity: '123456789012345' }),
    outcome: { refused: 'quantity' },
  },
  {
    label: 'a settlement reference over 16 characters with //',
    change: (r) => ({
      ...r,
      settlement_reference: `${r.settlement_reference}-TRANSFER//DEPOT-2026-12-CLIENT-42`,
    }),
    outcome: { settles: true },
  },
];

describe.each(['simulated', 'swift-files'] as const)(
  'one validation in sandbox and production: %s',
  (mode) => {
    let s: System;
    let dir: string;
    beforeEach(async () => {
      s = await startSystem({ clock: systemClock });
      dir = mkdtempSync(join(tmpdir(), 'tbo-parity-'));
    });
    afterEach(async () => {
      await s.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('settles each accepted input and refuses the rest with a 400 naming the field', async () => {
      const inbox = join(dir, 'inbox');
      const outbox = join(dir, 'outbox');
      const accepted: { id: string; reference: string }[] = [];
      for (const [n, c] of CASES.entries()) {
        const request = c.change(securities('INCOMING', NETFLIX, '1', `AUTO-PARITY-${n}`));
        const result = await s.client.securitiesTransfers.create(request as Request).catch((e: unknown) => e);
        if ('refused' in c.outcome) {
          const problem = problemOf(result);
          expect(problem.status, c.label).toBe(400);
          expect(
            problem.invalid_params?.map((p) => p.name),
            c.label,
          ).toEqual([c.outcome.refused]);
        } else {
          expect(result, c.label).toMatchObject({ status: 'NEW' });
          const { id, settlement_reference } = result as { id: string; settlement_reference: string };
          accepted.push({ id, reference: settlement_reference });
        }
      }
      expect(accepted.map((a) => a.reference)).toEqual([
        'AUTO-PARITY-2',
        'AUTO-PARITY-3',
        'AUTO-PARITY-4',
        'AUTO-PARITY-8-TRANSFER//DEPOT-2026-12-CLIENT-42',
      ]);

      const worker = spawnWorker(
        s.url,
        mode === 'simulated' ? {} : { CUSTODIAN: 'swift-files', SWIFT_INBOX: inbox, SWIFT_OUTBOX: outbox },
      );
      if (mode === 'swift-files') {
        await waitFor(
          () => accepted.every((a) => statusOf(s.t.db, a.id) !== 'NEW'),
          'every transfer instructed',
        );
        for (const [n, a] of accepted.entries()) {
          const ref = custodianReferenceFor(a.id);
          const text = readFileSync(join(outbox, `${ref}.MT540.fin`), 'utf8');
          // The client's reference in full: :20C::COMM when it fits 16x, else the narrative lines.
          const carried = text.includes(':70E::SPRO//')
            ? (/:70E::SPRO\/\/([\s\S]*?)\r\n:16S:TRADDET/.exec(text)?.[1] ?? '').split('\r\n').join('')
            : /:20C::COMM\/\/(.*)\r\n/.exec(text)?.[1];
          expect(carried).toBe(a.reference);
          dropMessage(
            inbox,
            `${n}.fin`,
            confirmation({
              type: '544',
              reference: `PAR${n}`,
              related: ref,
              isin: NETFLIX,
              quantity: '1',
              date: '2026-12-08',
              account: safe(DEMO.account),
            }),
          );
        }
      }
      await waitFor(
        () =>
          accepted.every((a) => statusOf(s.t.db, a.id) !== 'NEW' && statusOf(s.t.db, a.id) !== 'PROCESSING'),
        'every transfer final',
        30_000,
      );
      worker.kill('SIGTERM');
      expect(await exited(worker)).toEqual({ code: 0, signal: null });
      for (const a of accepted) {
        expect(transferOf(s.t.db, a.id), a.reference).toMatchObject({
          status: 'SETTLED',
          cancel_reason_code: null,
        });
      }
    });
  },
);
