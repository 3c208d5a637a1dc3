import { AccountTransferValidationSchema, SecuritiesTransferValidationSchema } from '@tbo/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerFor, SEED_ACCOUNT_REQUEST, SEED_SECURITIES_REQUEST } from './harness.js';
import { DEMO, type HttpApp, startHttpApp } from './http-harness.js';
import { sqlRow, sqlRows } from './inspect.js';

const APPLE = 'US0378331005';
const NETFLIX = 'US64110L1061';
const NOT_ENABLED = 'US5949181045';
const service = { kind: 'service', name: 'reconciler' } as const;

const securities = (fields: Record<string, unknown> = {}) => ({ ...SEED_SECURITIES_REQUEST, ...fields });
const account = (fields: Record<string, unknown> = {}) => ({ ...SEED_ACCOUNT_REQUEST, ...fields });

interface Finding {
  code: string;
  field: string;
  message: string;
}

describe('POST /securities_transfers/validate and /account_transfers/validate', () => {
  let app: HttpApp;
  beforeAll(async () => {
    app = await startHttpApp();
  });
  afterAll(() => app.close());

  /** Rows a create would add; the validate endpoints must leave every one as it was. */
  const stored = async () => ({
    ...(await sqlRow(
      app.t.db,
      `SELECT (SELECT count(*) FROM securities_transfers) AS securities,
           (SELECT count(*) FROM account_transfers) AS accounts,
           (SELECT count(*) FROM outbox_events) AS events,
           (SELECT count(*) FROM transfer_history) AS history,
           (SELECT count(*) FROM idempotency_keys) AS keys`,
    )),
    reserved: (
      await sqlRows<{ reserved: string }>(
        app.t.db,
        'SELECT reserved FROM positions ORDER BY tenant_id, account_id, isin',
      )
    )
      .map((p) => p.reserved)
      .join(','),
  });

  async function validate(resource: 'securities_transfers' | 'account_transfers', body: unknown) {
    const answer = await app
      .client()
      .request('POST', `/${resource}/validate`, { body, idempotencyKey: false });
    return answer as { status: number; body: unknown };
  }

  async function findingsOf(body: unknown): Promise<Finding[]> {
    const answer = await validate('securities_transfers', body);
    expect(answer.status).toBe(200);
    const parsed = SecuritiesTransferValidationSchema.parse(answer.body);
    expect(parsed.valid).toBe(parsed.findings.length === 0);
    return parsed.findings;
  }

  it('answers each refusal code of the asynchronous checks, and creates nothing', async () => {
    const before = await stored();
    expect(await findingsOf(securities())).toEqual([]);
    expect(await findingsOf(securities({ account_id: DEMO.inactiveAccount }))).toEqual([
      {
        code: 'ACCOUNT_INACTIVE',
        field: 'account_id',
        message: `account ${DEMO.inactiveAccount} is INACTIVE`,
      },
    ]);
    expect(await findingsOf(securities({ instrument_id: NOT_ENABLED }))).toEqual([
      {
        code: 'INSTRUMENT_NOT_ENABLED',
        field: 'instrument_id',
        message: `${NOT_ENABLED} is not in the enabled instrument list`,
      },
    ]);
    expect((await findingsOf(securities({ quantity: '1.5' }))).map((f) => [f.code, f.field])).toEqual([
      ['FRACTIONAL_QUANTITY', 'quantity'],
    ]);
    expect(await findingsOf(securities({ direction: 'OUTGOING', quantity: '26' }))).toEqual([
      { code: 'INSUFFICIENT_POSITION', field: 'quantity', message: '26 requested, 25 available' },
    ]);
    // Every finding at once, not only the first the asynchronous check would cancel with.
    expect(
      (
        await findingsOf(
          securities({ direction: 'OUTGOING', account_id: DEMO.inactiveAccount, quantity: '5.5' }),
        )
      ).map((f) => f.code),
    ).toEqual(['ACCOUNT_INACTIVE', 'FRACTIONAL_QUANTITY', 'INSUFFICIENT_POSITION']);
    expect(await stored()).toEqual(before);
  });

  it('counts units another transfer has reserved, and says which dates and deadline it would use', async () => {
    const created = await app.client().request('POST', '/securities_transfers', {
      body: securities({ direction: 'OUTGOING', quantity: '20' }),
    });
    const { id } = created.body as { id: string };
    expect(
      (await callerFor(app.t, { actor: service, clock: { now: () => new Date() } }).internal.validate({ id }))
        .outcome,
    ).toBe('VALIDATED');
    expect(await findingsOf(securities({ direction: 'OUTGOING', quantity: '10' }))).toEqual([
      { code: 'INSUFFICIENT_POSITION', field: 'quantity', message: '10 requested, 5 available' },
    ]);
    const answer = await validate(
      'securities_transfers',
      securities({ direction: 'OUTGOING', quantity: '5', trade_date: '2026-12-26' }),
    );
    expect(answer.body).toMatchObject({
      valid: true,
      trade_date: '2026-12-28',
      settlement_date: '2026-12-29',
      date_adjustments: ['trade_date moved from 2026-12-26 to 2026-12-28 (market closed)'],
      place_of_settlement: 'DAKVDEFFXXX',
      deadline: { kind: 'TRANSFER_LIMIT', state: 'ON_TRACK' },
    });
  });

  it('checks each instrument of an account transfer, and expands a full-account OUTGOING', async () => {
    const before = await stored();
    const mixed = await validate(
      'account_transfers',
      account({
        direction: 'OUTGOING',
        instruments: [
          { id: APPLE, id_type: 'ISIN', quantity: '3' },
          { id: NETFLIX, id_type: 'ISIN', quantity: '7.5' },
          { id: NOT_ENABLED, id_type: 'ISIN', quantity: '1' },
        ],
      }),
    );
    expect(mixed.status).toBe(200);
    const parsed = AccountTransferValidationSchema.parse(mixed.body);
    expect(parsed.valid).toBe(false);
    expect(parsed.findings).toEqual([]);
    expect(parsed.instruments.map((i) => [i.id, i.findings.map((f) => `${f.code} ${f.field}`)])).toEqual([
      [APPLE, []],
      // 7.5 held: only 7 whole units can leave.
      [
        NETFLIX,
        ['FRACTIONAL_QUANTITY instruments[1].quantity', 'INSUFFICIENT_POSITION instruments[1].quantity'],
      ],
      [
        NOT_ENABLED,
        ['INSTRUMENT_NOT_ENABLED instruments[2].id', 'INSUFFICIENT_POSITION instruments[2].quantity'],
      ],
    ]);

    const inactive = await validate('account_transfers', account({ account_id: DEMO.inactiveAccount }));
    expect(inactive.body).toMatchObject({
      valid: false,
      findings: [{ code: 'ACCOUNT_INACTIVE', field: 'account_id' }],
      deadline: { kind: 'INCOMING_EXPIRY', state: 'ON_TRACK' },
    });

    const full = await validate('account_transfers', account({ direction: 'OUTGOING', instruments: [] }));
    const expanded = AccountTransferValidationSchema.parse(full.body);
    expect(expanded.valid).toBe(true);
    expect(expanded.instruments.map((i) => [i.id, i.quantity])).toEqual([
      ['DE0007164600', '12'],
      [APPLE, '5'],
      [NETFLIX, '7'],
      ['US88160R1014', '3'],
    ]);
    expect(await stored()).toEqual(before);
  });

  it('refuses what create refuses, with the same auth and scopes, and needs no idempotency-key', async () => {
    const bad = await validate('securities_transfers', securities({ quantity: 'ten' }));
    expect(bad.status).toBe(400);
    expect((bad.body as { invalid_params: { name: string }[] }).invalid_params[0]?.name).toBe('quantity');
    const stranger = await validate(
      'securities_transfers',
      securities({ account_id: DEMO.otherTenantAccount }),
    );
    expect(stranger.status).toBe(400);
    const reader = app.client({ scope: 'transfers:read' });
    const forbidden = await reader.request('POST', '/securities_transfers/validate', {
      body: securities(),
      idempotencyKey: false,
    });
    expect(forbidden.status).toBe(403);
    const get = await app.client().request('GET', '/account_transfers/validate');
    expect(get.status).toBe(405);
  });
});
