import type { Actor } from '../../../api/src/context.js';
import { first } from '../../../api/src/db/query.js';
import {
  reconciliationBreaks,
  webhookAttemptEvents,
  webhookAttempts,
  webhookDeliveries,
  webhookSubscriptions,
} from '../../../api/src/db/tables.js';
import { writeTransaction } from '../../../api/src/db/transaction.js';
import { recordInstruction } from '../../../api/src/services/settlement/instruct.js';
import { validateTransfer } from '../../../api/src/services/settlement/validate-transfer.js';
import { ALL_SCOPES, callerFor, DEMO, type TestDb } from '../../../api/test/harness.js';
import { eventsOf, rowOf } from '../../../api/test/inspect.js';

const COUNTERPARTY = { bic: 'DUMBZZ33XXX', account_number: '1234567891', name: 'Max Mustermann' };
const demoClient: Actor = {
  kind: 'client',
  tenantId: DEMO.tenant.id,
  clientId: DEMO.tenant.clientId,
  scopes: ALL_SCOPES,
};
const otherClient: Actor = {
  kind: 'client',
  tenantId: DEMO.otherTenant.id,
  clientId: DEMO.otherTenant.clientId,
  scopes: ALL_SCOPES,
};

/** What the reconciler does first: validate (reserve outgoing units) and instruct → PROCESSING. */
async function instruct(t: TestDb, id: string, custodianReference: string): Promise<void> {
  const meta = () => ({ actor: 'reconciler', at: t.clock.now().toISOString() });
  await writeTransaction(t.db, async (tx) => {
    await validateTransfer(tx, await rowOf(t.db, id), meta());
    await recordInstruction(tx, await rowOf(t.db, id), custodianReference, meta());
  });
}

export interface Scenario {
  overdue: string;
  atRisk: string;
  toCancel: string;
  incomingA: string;
  otherTenant: string;
  accountTransfer: string;
}

/**
 * The data the browser tests look at, created through the api's own services
 * with the test clock: an outgoing transfer received 29 days ago (overdue),
 * one received 18 days ago (at risk), NEW transfers in both tenants, an
 * account transfer, a reconciliation break and a failing webhook delivery.
 */
export async function seedScenario(t: TestDb): Promise<Scenario> {
  const today = t.clock.now();
  const demo = callerFor(t, { actor: demoClient });
  const other = callerFor(t, { actor: otherClient });
  const base = {
    transfer_type: 'NO_OWNER_CHANGE',
    instrument_id_type: 'ISIN',
    counterparty: COUNTERPARTY,
  } as const;

  t.clock.set(new Date('2026-02-01T10:00:00.000Z'));
  const overdue = await demo.securitiesTransfers.create({
    ...base,
    direction: 'OUTGOING',
    instrument_id: 'US0378331005',
    quantity: '5',
    user_id: DEMO.user,
    account_id: DEMO.account,
    settlement_reference: 'OVERDUE-REF-1',
  });
  await instruct(t, overdue.id, 'CUSTREF000000001');

  t.clock.set(new Date('2026-02-12T10:00:00.000Z'));
  const atRisk = await demo.securitiesTransfers.create({
    ...base,
    direction: 'OUTGOING',
    instrument_id: 'DE0007164600',
    quantity: '2',
    user_id: DEMO.user,
    account_id: DEMO.account,
    settlement_reference: 'ATRISK-REF-1',
  });
  await instruct(t, atRisk.id, 'CUSTREF000000002');

  t.clock.set(new Date('2026-02-25T08:30:00.000Z'));
  const accountTransfer = await demo.accountTransfers.create({
    direction: 'INCOMING',
    transfer_type: 'NO_OWNER_CHANGE',
    user_id: DEMO.user,
    account_id: DEMO.account,
    settlement_reference: 'ACCT-XFER-1',
    instruments: [
      { id: 'US0378331005', id_type: 'ISIN', quantity: '10' },
      { id: 'US64110L1061', id_type: 'ISIN', quantity: '1234.5' },
    ],
    counterparty: { bic: 'ABCDDEFFXXX', name: 'Max Mustermann' },
  });

  t.clock.set(today);
  const toCancel = await demo.securitiesTransfers.create({
    ...base,
    direction: 'OUTGOING',
    instrument_id: 'US0378331005',
    quantity: '10',
    user_id: DEMO.secondUser,
    account_id: DEMO.secondAccount,
    settlement_reference: 'CANCEL-ME-1',
  });
  const incomingA = await demo.securitiesTransfers.create({
    ...base,
    direction: 'INCOMING',
    instrument_id: 'IE00B4L5Y983',
    quantity: '1500',
    user_id: DEMO.secondUser,
    account_id: DEMO.secondAccount,
    settlement_reference: 'INC-A',
  });
  const otherTenant = await other.securitiesTransfers.create({
    ...base,
    direction: 'INCOMING',
    instrument_id: 'US0378331005',
    quantity: '3',
    user_id: DEMO.otherTenantUser,
    account_id: DEMO.otherTenantAccount,
    settlement_reference: 'OTHER-TENANT-1',
  });
  await seedBreakAndFailingDelivery(t, overdue.id);
  return {
    overdue: overdue.id,
    atRisk: atRisk.id,
    toCancel: toCancel.id,
    incomingA: incomingA.id,
    otherTenant: otherTenant.id,
    accountTransfer: accountTransfer.id,
  };
}

/** Rows the reconciler and the dispatcher would write: one open break, one delivery failing with 500. */
async function seedBreakAndFailingDelivery(t: TestDb, transferId: string): Promise<void> {
  const at = t.clock.now().toISOString();
  await t.db.insert(reconciliationBreaks).values({
    id: 'break-1',
    tenantId: DEMO.tenant.id,
    accountId: DEMO.secondAccount,
    isin: 'IE00B4L5Y983',
    ours: '42.125',
    theirs: '40.125',
    statementReference: 'MT535-20260301-0001',
    firstSeenAt: '2026-03-01T18:00:00.000Z',
    lastSeenAt: at,
  });
  await t.db.insert(webhookSubscriptions).values({
    id: 'sub-1',
    tenantId: DEMO.tenant.id,
    url: 'https://hooks.demo-fintech.example/transfers',
    createdAt: at,
    updatedAt: at,
  });
  const event = (await eventsOf(t.db, transferId)).at(-1);
  if (!event) throw new Error('no event to deliver');
  await t.db.insert(webhookDeliveries).values({
    subscriptionId: 'sub-1',
    eventSeq: event.seq,
    objectId: transferId,
    state: 'pending',
    attempts: 3,
    nextAttemptAt: '2026-03-02T09:05:00.000Z',
    lastAttemptAt: '2026-03-02T08:59:00.000Z',
    lastStatusCode: 500,
    lastError: 'HTTP 500 Internal Server Error',
  });
  const attempt = await first(
    t.db
      .insert(webhookAttempts)
      .values({
        subscriptionId: 'sub-1',
        eventIds: JSON.stringify([event.id]),
        attemptedAt: '2026-03-02T08:59:00.000Z',
        statusCode: 500,
        latencyMs: 212,
        error: 'HTTP 500 Internal Server Error',
      })
      .returning({ id: webhookAttempts.id }),
  );
  if (!attempt) throw new Error('no webhook attempt inserted');
  await t.db.insert(webhookAttemptEvents).values({ attemptId: attempt.id, eventSeq: event.seq });
}

/** A transfer arriving while the console is open. */
export async function createLiveTransfer(t: TestDb): Promise<string> {
  const created = await callerFor(t, { actor: demoClient }).securitiesTransfers.create({
    transfer_type: 'NO_OWNER_CHANGE',
    instrument_id_type: 'ISIN',
    counterparty: COUNTERPARTY,
    direction: 'INCOMING',
    instrument_id: 'US88160R1014',
    quantity: '1',
    user_id: DEMO.user,
    account_id: DEMO.account,
    settlement_reference: 'LIVE-1',
  });
  return created.id;
}
