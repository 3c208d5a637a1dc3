import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sqliteOf } from '../../api/src/db/client.js';
import { DEMO_CUSTODIAN_ACCOUNTS } from '../../api/src/demo/seed-demo.js';
import { createSwiftFilesCustodian } from '../src/custodian/swift-files/adapter.js';
import { cancellationReferenceFor, custodianReferenceFor } from '../src/references.js';
import type { Worker } from '../src/worker.js';
import { historyOf, positionOf, transferOf } from './inspect.js';
import { APPLE, NETFLIX, SAP, securities, TESLA } from './requests.js';
import { confirmation, statement, statusAdvice } from './swift-messages.js';
import { DEMO, drain, type System, startSystem } from './system.js';

describe('swift-files custodian end to end', () => {
  let s: System;
  let dir: string;
  let worker: Worker;
  const inbox = () => join(dir, 'inbox');
  const outbox = () => join(dir, 'outbox');
  // The adapter creates its folders asynchronously: a test may drop a file before it has.
  const drop = (name: string, text: string) => {
    mkdirSync(inbox(), { recursive: true });
    writeFileSync(join(inbox(), name), text);
  };
  const files = (folder: string) =>
    readdirSync(folder, { withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => e.name);

  beforeEach(async () => {
    s = await startSystem();
    dir = mkdtempSync(join(tmpdir(), 'tbo-swift-'));
    const adapter = createSwiftFilesCustodian({
      inbox: inbox(),
      outbox: outbox(),
      today: () => '2026-03-02',
    });
    worker = s.worker({ adapter });
  });
  afterEach(async () => {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes MT540/542 and CANC, applies MT544/546/548/535 once each, quarantines bad files', async () => {
    const out = await s.client.securitiesTransfers.create(securities('OUTGOING', APPLE, '10', 'PLAIN-OUT'));
    const inc = await s.client.securitiesTransfers.create(securities('INCOMING', NETFLIX, '4', 'PLAIN-IN'));
    const rej = await s.client.securitiesTransfers.create(securities('OUTGOING', SAP, '5', 'PLAIN-REJ'));
    const canc = await s.client.securitiesTransfers.create(securities('OUTGOING', APPLE, '3', 'PLAIN-CANC'));
    await drain(worker);
    const ref = (id: string) => custodianReferenceFor(id);
    expect(files(outbox()).sort()).toEqual(
      [
        `${ref(out.id)}.MT542.fin`,
        `${ref(inc.id)}.MT540.fin`,
        `${ref(rej.id)}.MT542.fin`,
        `${ref(canc.id)}.MT542.fin`,
      ].sort(),
    );
    const mt542 = readFileSync(join(outbox(), `${ref(out.id)}.MT542.fin`), 'utf8');
    expect(mt542).toContain(`:20C::SEME//${ref(out.id)}`);
    expect(mt542).toContain(':36B::SETT//UNIT/10,');
    expect(mt542).toContain(`:97A::SAFE//${DEMO_CUSTODIAN_ACCOUNTS[DEMO.account]}`);
    expect(transferOf(s.t.db, out.id)).toMatchObject({
      status: 'PROCESSING',
      custodian_reference: ref(out.id),
    });

    await s.client.securitiesTransfers.cancel({ id: canc.id });
    await drain(worker);
    const cancRef = cancellationReferenceFor(ref(canc.id));
    const cancFile = readFileSync(join(outbox(), `${cancRef}.MT542.CANC.fin`), 'utf8');
    expect(cancFile).toContain(':23G:CANC');
    expect(cancFile).toContain(`:20C::PREV//${ref(canc.id)}`);

    const account = DEMO_CUSTODIAN_ACCOUNTS[DEMO.account] ?? '';
    const common = { isin: APPLE, date: '2026-03-04', account };
    drop(
      '01-part1.fin',
      confirmation({
        ...common,
        type: '546',
        reference: 'CUST1',
        related: ref(out.id),
        quantity: '4',
        partial: true,
      }),
    );
    drop(
      '02-part2.fin',
      confirmation({ ...common, type: '546', reference: 'CUST2', related: ref(out.id), quantity: '6' }),
    );
    drop(
      '03-dup.fin',
      confirmation({ ...common, type: '546', reference: 'CUST2', related: ref(out.id), quantity: '6' }),
    );
    drop(
      '04-in.fin',
      confirmation({
        type: '544',
        reference: 'CUST3',
        related: ref(inc.id),
        isin: NETFLIX,
        quantity: '4',
        date: '2026-03-04',
        account,
      }),
    );
    drop(
      '05-rvsl.fin',
      confirmation({
        type: '544',
        reference: 'CUST4',
        related: ref(inc.id),
        isin: NETFLIX,
        quantity: '4',
        date: '2026-03-04',
        account,
        reversalOf: 'CUST3',
      }),
    );
    drop(
      '06-rejt.fin',
      statusAdvice({
        reference: 'CUST5',
        related: ref(rej.id),
        function: 'INST',
        statuses: [{ status: 'IPRC//REJT', reason: 'SAFE', narrative: 'SAFE ACCOUNT UNKNOWN' }],
      }),
    );
    drop(
      '07-cand.fin',
      statusAdvice({
        reference: 'CUST6',
        related: cancRef,
        function: 'CAST',
        statuses: [{ status: 'IPRC//CAND' }],
      }),
    );
    drop('08-garbage.fin', '{1:F01TBOBDEFFAXXX0000000000}{2:O546}{4:\r\n:16R:GENL\r\n-}');
    drop(
      '09-unknown.fin',
      confirmation({
        ...common,
        type: '546',
        reference: 'CUST7',
        related: 'TFFFFFFFFFFFFFFF',
        quantity: '1',
      }),
    );
    await drain(worker);

    expect(transferOf(s.t.db, out.id)).toMatchObject({
      status: 'SETTLED',
      quantity_settled: '10',
      actual_settlement_date: '2026-03-04',
    });
    expect(transferOf(s.t.db, inc.id)).toMatchObject({ status: 'SETTLED', quantity_settled: '0' });
    expect(
      historyOf(s.t.db, inc.id)
        .map((h) => h.code)
        .at(-1),
    ).toBe('SETTLEMENT_REVERSED');
    expect(transferOf(s.t.db, rej.id)).toMatchObject({
      status: 'CANCELLED',
      cancel_reason_code: 'CUSTODIAN_REJECTED:SAFE',
    });
    expect(transferOf(s.t.db, canc.id)).toMatchObject({
      status: 'CANCELLED',
      cancel_reason_code: 'CANCELLED_BY_REQUEST',
    });
    expect(positionOf(s.t.db, DEMO.account, APPLE)).toEqual({ quantity: '15', reserved: '0' });
    expect(positionOf(s.t.db, DEMO.account, NETFLIX)).toEqual({ quantity: '7.5', reserved: '0' });
    expect(positionOf(s.t.db, DEMO.account, SAP)).toEqual({ quantity: '12', reserved: '0' });
    const confirmations = sqliteOf(s.t.db)
      .$client.prepare('SELECT count(*) AS n FROM settlement_confirmations')
      .get();
    expect(confirmations).toEqual({ n: 3 });

    expect(files(inbox())).toEqual([]);
    expect(files(join(inbox(), 'processed')).sort()).toEqual([
      '01-part1.fin',
      '02-part2.fin',
      '03-dup.fin',
      '04-in.fin',
      '05-rvsl.fin',
      '06-rejt.fin',
      '07-cand.fin',
    ]);
    const quarantine = join(inbox(), 'quarantine');
    expect(files(quarantine).sort()).toEqual([
      '08-garbage.fin',
      '08-garbage.fin.error.txt',
      '09-unknown.fin',
      '09-unknown.fin.error.txt',
    ]);
    expect(readFileSync(join(quarantine, '09-unknown.fin.error.txt'), 'utf8')).toContain('UNKNOWN_REFERENCE');
    const exceptions = sqliteOf(s.t.db)
      .$client.prepare('SELECT reason_code, source FROM custodian_exceptions ORDER BY source')
      .all();
    expect(exceptions).toEqual([
      { reason_code: 'UNREADABLE', source: '08-garbage.fin' },
      { reason_code: 'UNKNOWN_REFERENCE', source: '09-unknown.fin' },
    ]);
    expect(readFileSync(join(quarantine, '08-garbage.fin.error.txt'), 'utf8').length).toBeGreaterThan(5);

    const holdings: [string, string][] = [
      [APPLE, '15'],
      [NETFLIX, '7.5'],
      [SAP, '12'],
      [TESLA, '3'],
      ['DE0007164600', '12'],
    ];
    drop(
      '10-stmt.fin',
      statement({ reference: 'STMT1', account, date: '2026-03-04', holdings: holdings.slice(0, 4) }),
    );
    await drain(worker);
    const open = await s.api.internal.listBreaks.query({ open: true });
    expect(open.items.map((b) => [b.isin, b.ours, b.theirs])).toEqual([[TESLA, '3.25', '3']]);
    drop(
      '11-stmt.fin',
      statement({
        reference: 'STMT2',
        account,
        date: '2026-03-05',
        holdings: [
          [APPLE, '15'],
          [NETFLIX, '7.5'],
          [SAP, '12'],
          [TESLA, '3.25'],
        ],
      }),
    );
    await drain(worker);
    expect((await s.api.internal.listBreaks.query({ open: true })).items).toEqual([]);
    const all = await s.api.internal.listBreaks.query({});
    expect(all.items[0]).toMatchObject({ isin: TESLA, theirs: '3.25', resolvedAt: expect.any(String) });
    expect(existsSync(join(inbox(), 'processed', '11-stmt.fin'))).toBe(true);
  });

  it('makes a statement for an account that is not ours an exception, with its raw message', async () => {
    const text = statement({
      reference: 'STMTFOREIGN',
      account: 'NOT-OURS-1',
      date: '2026-03-04',
      holdings: [],
    });
    drop('12-foreign.fin', text);
    await drain(worker);
    const rows = sqliteOf(s.t.db)
      .$client.prepare(
        'SELECT reason_code, message_type, message_reference, raw_message FROM custodian_exceptions',
      )
      .all();
    expect(rows).toEqual([
      {
        reason_code: 'UNKNOWN_ACCOUNT',
        message_type: 'MT535',
        message_reference: 'STMTFOREIGN',
        raw_message: text,
      },
    ]);
    expect(existsSync(join(inbox(), 'quarantine', '12-foreign.fin'))).toBe(true);
  });

  it('records a pass of messages larger than one api request as exceptions, cutting an oversized file', async () => {
    // 800 unreadable files of 1,500 characters: more than the api's 1 MiB request limit in one pass.
    mkdirSync(inbox(), { recursive: true }); // the adapter creates its folders asynchronously
    const junk = (n: number) => `${String(n).padStart(4, '0')} not a FIN message `.repeat(60);
    for (let n = 0; n < 800; n++) drop(`junk-${String(n).padStart(4, '0')}.fin`, junk(n));
    drop('zz-huge.fin', 'X'.repeat(60_000));
    await drain(worker);
    expect(files(inbox())).toEqual([]);
    const stored = sqliteOf(s.t.db)
      .$client.prepare(
        `SELECT count(*) AS n, sum(reason_code = 'UNREADABLE') AS unreadable, max(length(raw_message)) AS longest
         FROM custodian_exceptions`,
      )
      .get();
    expect(stored).toEqual({ n: 801, unreadable: 801, longest: 20_000 });
    const huge = sqliteOf(s.t.db)
      .$client.prepare(`SELECT raw_message AS raw FROM custodian_exceptions WHERE source = 'zz-huge.fin'`)
      .get() as { raw: string };
    expect(huge.raw.endsWith('[… cut: 60000 characters in all]')).toBe(true);
    expect(files(join(inbox(), 'quarantine')).filter((f) => f.endsWith('.fin'))).toHaveLength(801);
  });
});
