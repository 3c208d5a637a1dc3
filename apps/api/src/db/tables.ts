// The tables repositories query, bound to the active dialect's schema
// (db/schema for SQLite, db/pg-schema for PostgreSQL). Both schemas have the
// same tables, columns and row types – test/postgres-schema.test.ts holds
// them together – so one query serves both; it is typed by the PostgreSQL
// schema, whose builder has no synchronous .get/.all/.run (see db/types.ts).
// The bindings change when the process opens its database: read them where a
// query is built, never into a module-level constant (that would keep
// SQLite's tables, and their decoders, on PostgreSQL).

import { type Dialect, onDialectChange } from './dialect.js';
import * as pg from './pg-schema/index.js';
import * as sqlite from './schema/index.js';

type Tables = typeof pg;

function tablesOf(dialect: Dialect): Tables {
  // The SQLite tables stand in for the PostgreSQL ones: same names, columns and row types.
  return (dialect === 'postgres' ? pg : sqlite) as unknown as Tables;
}

export let accessTokens = tablesOf('sqlite').accessTokens;
export let accountTransfers = tablesOf('sqlite').accountTransfers;
export let accounts = tablesOf('sqlite').accounts;
export let appliedChanges = tablesOf('sqlite').appliedChanges;
export let approvalRequests = tablesOf('sqlite').approvalRequests;
export let caseComments = tablesOf('sqlite').caseComments;
export let caseLinks = tablesOf('sqlite').caseLinks;
export let clientKeys = tablesOf('sqlite').clientKeys;
export let custodianExceptions = tablesOf('sqlite').custodianExceptions;
export let dispatcherState = tablesOf('sqlite').dispatcherState;
export let idempotencyKeys = tablesOf('sqlite').idempotencyKeys;
export let instruments = tablesOf('sqlite').instruments;
export let loginFailures = tablesOf('sqlite').loginFailures;
export let operatorAudit = tablesOf('sqlite').operatorAudit;
export let operatorSessions = tablesOf('sqlite').operatorSessions;
export let operators = tablesOf('sqlite').operators;
export let outboxEvents = tablesOf('sqlite').outboxEvents;
export let positions = tablesOf('sqlite').positions;
export let reconciliationBreaks = tablesOf('sqlite').reconciliationBreaks;
export let securitiesTransfers = tablesOf('sqlite').securitiesTransfers;
export let serviceKeys = tablesOf('sqlite').serviceKeys;
export let settlementConfirmations = tablesOf('sqlite').settlementConfirmations;
export let signatureNonces = tablesOf('sqlite').signatureNonces;
export let tenants = tablesOf('sqlite').tenants;
export let transferCounts = tablesOf('sqlite').transferCounts;
export let transferHistory = tablesOf('sqlite').transferHistory;
export let users = tablesOf('sqlite').users;
export let webhookAttemptEvents = tablesOf('sqlite').webhookAttemptEvents;
export let webhookAttempts = tablesOf('sqlite').webhookAttempts;
export let webhookDeliveries = tablesOf('sqlite').webhookDeliveries;
export let webhookSubscriptions = tablesOf('sqlite').webhookSubscriptions;
export let workerPasses = tablesOf('sqlite').workerPasses;

onDialectChange((dialect) => {
  const t = tablesOf(dialect);
  accessTokens = t.accessTokens;
  accountTransfers = t.accountTransfers;
  accounts = t.accounts;
  appliedChanges = t.appliedChanges;
  approvalRequests = t.approvalRequests;
  caseComments = t.caseComments;
  caseLinks = t.caseLinks;
  clientKeys = t.clientKeys;
  custodianExceptions = t.custodianExceptions;
  dispatcherState = t.dispatcherState;
  idempotencyKeys = t.idempotencyKeys;
  instruments = t.instruments;
  loginFailures = t.loginFailures;
  operatorAudit = t.operatorAudit;
  operatorSessions = t.operatorSessions;
  operators = t.operators;
  outboxEvents = t.outboxEvents;
  positions = t.positions;
  reconciliationBreaks = t.reconciliationBreaks;
  securitiesTransfers = t.securitiesTransfers;
  serviceKeys = t.serviceKeys;
  settlementConfirmations = t.settlementConfirmations;
  signatureNonces = t.signatureNonces;
  tenants = t.tenants;
  transferCounts = t.transferCounts;
  transferHistory = t.transferHistory;
  users = t.users;
  webhookAttemptEvents = t.webhookAttemptEvents;
  webhookAttempts = t.webhookAttempts;
  webhookDeliveries = t.webhookDeliveries;
  webhookSubscriptions = t.webhookSubscriptions;
  workerPasses = t.workerPasses;
});
