// Table of invalid inputs: each names the one field that is wrong, exactly as
// describeIssues reports it to API clients, with a reason in plain words.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  AccountTransferSchema,
  CreateAccountTransferRequestSchema,
  CreateSecuritiesTransferRequestSchema,
  describeIssues,
  isinCheckDigit,
  ListAccountTransfersQuerySchema,
  ListSecuritiesTransfersQuerySchema,
  ListSecuritiesTransfersResponseSchema,
  ProblemSchema,
  SecuritiesTransferEventSchema,
  SecuritiesTransferSchema,
  TokenRequestSchema,
  WebhookDeliveryBodySchema,
  WebhookEventSchema,
} from '../src/index.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = ReadonlyArray<string | number>;
const REMOVE = Symbol('remove');

const USER_ID = '7e9a0529-d289-4f4a-ae01-c2cd013d582e';
const ACCOUNT_ID = 'd396b7c3-aa67-488a-8e39-4a1a7cbeb9f4';

// Valid inputs, as in the seed documents; every case breaks one field.
const securitiesRequest: Json = {
  direction: 'OUTGOING',
  instrument_id: 'US0378331005',
  instrument_id_type: 'ISIN',
  quantity: '10',
  transfer_type: 'NO_OWNER_CHANGE',
  user_id: USER_ID,
  account_id: ACCOUNT_ID,
  settlement_reference: 'b82dc5985558fdr2',
  counterparty: { bic: 'DUMBZZ33XXX', account_number: '1234567891', name: 'Max Mustermann' },
  place_of_settlement: 'DAKVDEFFXXX',
  trade_date: '2024-01-22',
  settlement_date: '2024-01-23',
};

const accountRequest: Json = {
  direction: 'INCOMING',
  user_id: USER_ID,
  account_id: ACCOUNT_ID,
  transfer_type: 'NO_OWNER_CHANGE',
  settlement_reference: 'b82dc5985558fdr2',
  instruments: [
    { id: 'US0378331005', id_type: 'ISIN', quantity: '10' },
    { id: 'US64110L1061', id_type: 'ISIN', quantity: '5' },
  ],
  counterparty: { bic: 'ABCDDEFFXXX', account_number: '1234567891', name: 'Max Mustermann' },
};

const securitiesTransfer: Json = {
  id: '9637e68f-7065-4131-a072-6d57044ebd8c',
  created_at: '2024-01-22T14:10:00.00Z',
  updated_at: '2024-01-22T14:12:34.56Z',
  direction: 'OUTGOING',
  status: 'SETTLED',
  transfer_type: 'NO_OWNER_CHANGE',
  instrument_id: 'US0378331005',
  instrument_id_type: 'ISIN',
  quantity: '10',
  quantity_settled: '10',
  user_id: USER_ID,
  account_id: ACCOUNT_ID,
  settlement_reference: 'b82dc5985558fdr2',
  counterparty: { bic: 'ABCDDEFFXXX', account_number: '1234567891', name: 'Max Mustermann' },
  place_of_settlement: 'DAKVDEFFXXX',
  trade_date: '2024-01-22',
  settlement_date: '2024-01-23',
  actual_settlement_date: '2024-01-24',
};

const accountTransfer: Json = {
  id: '63da4452-2dd3-4414-a7ca-66c0e3e89645',
  created_at: '2025-01-22T14:10:00.00Z',
  updated_at: '2025-01-22T14:12:34.56Z',
  direction: 'INCOMING',
  status: 'NEW',
  transfer_type: 'NO_OWNER_CHANGE',
  instruments: [
    {
      id: 'US0378331005',
      id_type: 'ISIN',
      quantity: '10',
      status: 'NEW',
      transfer_id: '9637e68f-7065-4131-a072-6d57044ebd8c',
    },
    {
      id: 'US64110L1061',
      id_type: 'ISIN',
      quantity: '5',
      status: 'NEW',
      transfer_id: 'c2f84524-3f05-4849-909c-2998803327d3',
    },
  ],
  user_id: USER_ID,
  account_id: ACCOUNT_ID,
  settlement_reference: 'b82dc5985558fdr2',
  counterparty: { bic: 'ABCDDEFFXXX', account_number: '1234567891', name: 'Max Mustermann' },
};

const event: Json = {
  id: 'b5d0d9d0-bb8e-48b4-b2af-11df2b522353',
  created_at: '2024-01-22T14:10:00.00Z',
  type: 'SECURITIES_TRANSFER.SETTLED',
  object: securitiesTransfer,
  webhook_id: 'cab4673a-1381-4404-aec4-982dae33a38c',
};

const listQuery: Json = {
  direction: 'OUTGOING',
  limit: '100',
  offset: '0',
  sort: 'updated_at',
  order: 'DESC',
};

const listResponse: Json = {
  meta: { offset: 0, limit: 100, count: 1, total_count: 1, sort: 'created_at', order: 'ASC' },
  data: [securitiesTransfer],
};

const tokenRequest: Json = {
  client_id: 'client-1',
  client_secret: 's3cret',
  grant_type: 'client_credentials',
  scope: 'transfers:read transfers:admin',
};

const problem: Json = {
  type: 'https://example.com/problems/validation',
  status: 400,
  title: 'Bad Request',
  detail: 'quantity: must be greater than zero',
  request_id: 'req-1',
};

/** A deep copy of `base` with the value at `path` replaced (or removed). */
function withValue(base: Json, path: Path, value: Json | typeof REMOVE): Json {
  const copy = structuredClone(base);
  if (path.length === 0) {
    if (value === REMOVE) throw new Error('cannot remove the root');
    return value;
  }
  let node: Json = copy;
  for (const key of path.slice(0, -1)) {
    const next: Json | undefined =
      Array.isArray(node) && typeof key === 'number'
        ? node[key]
        : typeof node === 'object' && node !== null && !Array.isArray(node) && typeof key === 'string'
          ? node[key]
          : undefined;
    if (next === undefined) throw new Error(`no ${String(key)} in path ${path.join('.')}`);
    node = next;
  }
  const last = path[path.length - 1];
  if (Array.isArray(node) && typeof last === 'number') {
    if (value === REMOVE) node.splice(last, 1);
    else node[last] = value;
  } else if (typeof node === 'object' && node !== null && !Array.isArray(node) && typeof last === 'string') {
    if (value === REMOVE) delete node[last];
    else node[last] = value;
  } else {
    throw new Error(`cannot set ${String(last)} in path ${path.join('.')}`);
  }
  return copy;
}

function withValues(base: Json, changes: ReadonlyArray<readonly [Path, Json | typeof REMOVE]>): Json {
  return changes.reduce<Json>((acc, [path, value]) => withValue(acc, path, value), base);
}

/** 1001 distinct valid ISINs, for the instrument list limit. */
function manyInstruments(n: number): Json[] {
  return Array.from({ length: n }, (_, i) => {
    const body = `DE${String(i).padStart(9, '0')}`;
    return { id: `${body}${isinCheckDigit(body)}`, id_type: 'ISIN', quantity: '1' };
  });
}

interface Case {
  name: string;
  schema: z.ZodType;
  input: Json;
  path: string;
  reason: RegExp;
}

const S = CreateSecuritiesTransferRequestSchema;
const A = CreateAccountTransferRequestSchema;

const cases: Case[] = [
  // ISIN
  {
    name: 'wrong ISIN check digit',
    schema: S,
    input: withValue(securitiesRequest, ['instrument_id'], 'US0378331006'),
    path: 'instrument_id',
    reason: /check digit/,
  },
  {
    name: 'lowercase ISIN',
    schema: S,
    input: withValue(securitiesRequest, ['instrument_id'], 'us0378331005'),
    path: 'instrument_id',
    reason: /must be an ISIN/,
  },
  {
    name: 'ISIN of 11 characters',
    schema: S,
    input: withValue(securitiesRequest, ['instrument_id'], 'US037833100'),
    path: 'instrument_id',
    reason: /must be an ISIN/,
  },
  {
    name: 'instrument id type other than ISIN',
    schema: S,
    input: withValue(securitiesRequest, ['instrument_id_type'], 'WKN'),
    path: 'instrument_id_type',
    reason: /must be one of ISIN/,
  },
  // BIC
  {
    name: 'lowercase BIC',
    schema: S,
    input: withValue(securitiesRequest, ['counterparty', 'bic'], 'dumbzz33xxx'),
    path: 'counterparty.bic',
    reason: /must be a BIC/,
  },
  {
    name: 'BIC of 9 characters',
    schema: S,
    input: withValue(securitiesRequest, ['counterparty', 'bic'], 'DUMBZZ33X'),
    path: 'counterparty.bic',
    reason: /must be a BIC/,
  },
  {
    name: 'place_of_settlement that is not a BIC',
    schema: S,
    input: withValue(securitiesRequest, ['place_of_settlement'], 'Clearstream'),
    path: 'place_of_settlement',
    reason: /must be a BIC/,
  },
  // quantity
  {
    name: '16-digit quantity',
    schema: S,
    input: withValue(securitiesRequest, ['quantity'], '1234567890123456'),
    path: 'quantity',
    reason: /at most 15 digits/,
  },
  {
    name: '16 digits with a fraction',
    schema: S,
    input: withValue(securitiesRequest, ['quantity'], '12345678901234.56'),
    path: 'quantity',
    reason: /at most 15 digits/,
  },
  {
    name: 'quantity in exponent notation 1.5e3',
    schema: S,
    input: withValue(securitiesRequest, ['quantity'], '1.5e3'),
    path: 'quantity',
    reason: /decimal string/,
  },
  {
    name: 'negative quantity',
    schema: S,
    input: withValue(securitiesRequest, ['quantity'], '-1'),
    path: 'quantity',
    reason: /decimal string/,
  },
  {
    name: 'zero quantity "0"',
    schema: S,
    input: withValue(securitiesRequest, ['quantity'], '0'),
    path: 'quantity',
    reason: /greater than zero/,
  },
  {
    name: 'zero quantity "0.000"',
    schema: S,
    input: withValue(securitiesRequest, ['quantity'], '0.000'),
    path: 'quantity',
    reason: /greater than zero/,
  },
  {
    name: 'empty quantity',
    schema: S,
    input: withValue(securitiesRequest, ['quantity'], ''),
    path: 'quantity',
    reason: /must not be empty/,
  },
  {
    name: 'quantity with a decimal comma',
    schema: S,
    input: withValue(securitiesRequest, ['quantity'], '1,5'),
    path: 'quantity',
    reason: /decimal string/,
  },
  {
    name: 'quantity as a JSON number',
    schema: S,
    input: withValue(securitiesRequest, ['quantity'], 10),
    path: 'quantity',
    reason: /^must be a decimal string$/,
  },
  // enums
  {
    name: 'unknown direction',
    schema: S,
    input: withValue(securitiesRequest, ['direction'], 'SIDEWAYS'),
    path: 'direction',
    reason: /must be one of INCOMING, OUTGOING/,
  },
  {
    name: 'lowercase direction',
    schema: S,
    input: withValue(securitiesRequest, ['direction'], 'outgoing'),
    path: 'direction',
    reason: /must be one of INCOMING, OUTGOING/,
  },
  {
    name: 'transfer type with owner change',
    schema: S,
    input: withValue(securitiesRequest, ['transfer_type'], 'OWNER_CHANGE'),
    path: 'transfer_type',
    reason: /must be one of NO_OWNER_CHANGE/,
  },
  // dates
  {
    name: 'trade_date 2024-02-30',
    schema: S,
    input: withValues(securitiesRequest, [
      [['trade_date'], '2024-02-30'],
      [['settlement_date'], '2024-03-04'],
    ]),
    path: 'trade_date',
    reason: /real calendar date/,
  },
  {
    name: 'settlement_date 2023-02-29 (not a leap year)',
    schema: S,
    input: withValues(securitiesRequest, [
      [['trade_date'], '2023-02-27'],
      [['settlement_date'], '2023-02-29'],
    ]),
    path: 'settlement_date',
    reason: /real calendar date/,
  },
  {
    name: 'trade_date in month 13',
    schema: S,
    input: withValue(securitiesRequest, ['trade_date'], '2024-13-01'),
    path: 'trade_date',
    reason: /real calendar date/,
  },
  {
    name: 'trade_date not in YYYY-MM-DD',
    schema: S,
    input: withValue(securitiesRequest, ['trade_date'], '22.01.2024'),
    path: 'trade_date',
    reason: /YYYY-MM-DD/,
  },
  {
    name: 'settlement_date before trade_date',
    schema: S,
    input: withValues(securitiesRequest, [
      [['trade_date'], '2024-01-23'],
      [['settlement_date'], '2024-01-22'],
    ]),
    path: 'settlement_date',
    reason: /must not be before trade_date/,
  },
  // SWIFT text
  {
    name: 'counterparty name over 140 characters',
    schema: S,
    input: withValue(securitiesRequest, ['counterparty', 'name'], 'A'.repeat(141)),
    path: 'counterparty.name',
    reason: /at most 140 characters/,
  },
  {
    name: 'counterparty account_number over 28 characters',
    schema: S,
    input: withValue(securitiesRequest, ['counterparty', 'account_number'], '1'.repeat(29)),
    path: 'counterparty.account_number',
    reason: /at most 28 characters/,
  },
  {
    name: 'counterparty name with ü',
    schema: S,
    input: withValue(securitiesRequest, ['counterparty', 'name'], 'Max Müller'),
    path: 'counterparty.name',
    reason: /SWIFT character set/,
  },
  {
    name: 'account_number with @',
    schema: S,
    input: withValue(securitiesRequest, ['counterparty', 'account_number'], 'max@bank'),
    path: 'counterparty.account_number',
    reason: /SWIFT character set/,
  },
  {
    name: 'settlement_reference with _',
    schema: S,
    input: withValue(securitiesRequest, ['settlement_reference'], 'ref_1'),
    path: 'settlement_reference',
    reason: /SWIFT character set/,
  },
  {
    name: 'settlement_reference empty',
    schema: S,
    input: withValue(securitiesRequest, ['settlement_reference'], ''),
    path: 'settlement_reference',
    reason: /must not be empty/,
  },
  {
    name: 'settlement_reference over 140 characters',
    schema: S,
    input: withValue(securitiesRequest, ['settlement_reference'], 'R'.repeat(141)),
    path: 'settlement_reference',
    reason: /at most 140 characters/,
  },
  // unknown and missing fields, wrong types
  {
    name: 'unknown top-level field',
    schema: S,
    input: withValue(securitiesRequest, ['isin'], 'US0378331005'),
    path: 'isin',
    reason: /is not a known field/,
  },
  {
    name: 'unknown counterparty field',
    schema: S,
    input: withValue(securitiesRequest, ['counterparty', 'iban'], 'DE89370400440532013000'),
    path: 'counterparty.iban',
    reason: /is not a known field/,
  },
  {
    name: 'missing instrument_id',
    schema: S,
    input: withValue(securitiesRequest, ['instrument_id'], REMOVE),
    path: 'instrument_id',
    reason: /^is required$/,
  },
  {
    name: 'missing quantity',
    schema: S,
    input: withValue(securitiesRequest, ['quantity'], REMOVE),
    path: 'quantity',
    reason: /^is required$/,
  },
  {
    name: 'missing direction',
    schema: S,
    input: withValue(securitiesRequest, ['direction'], REMOVE),
    path: 'direction',
    reason: /^is required$/,
  },
  {
    name: 'missing counterparty',
    schema: S,
    input: withValue(securitiesRequest, ['counterparty'], REMOVE),
    path: 'counterparty',
    reason: /^is required$/,
  },
  {
    name: 'missing counterparty.bic',
    schema: S,
    input: withValue(securitiesRequest, ['counterparty', 'bic'], REMOVE),
    path: 'counterparty.bic',
    reason: /^is required$/,
  },
  {
    name: 'user_id that is not a UUID',
    schema: S,
    input: withValue(securitiesRequest, ['user_id'], 'user-42'),
    path: 'user_id',
    reason: /must be a UUID/,
  },
  {
    name: 'account_id UUID without dashes',
    schema: S,
    input: withValue(securitiesRequest, ['account_id'], 'd396b7c3aa67488a8e394a1a7cbeb9f4'),
    path: 'account_id',
    reason: /must be a UUID/,
  },
  {
    name: 'user_id as a number',
    schema: S,
    input: withValue(securitiesRequest, ['user_id'], 42),
    path: 'user_id',
    reason: /^must be a string$/,
  },
  {
    name: 'counterparty as a string',
    schema: S,
    input: withValue(securitiesRequest, ['counterparty'], 'DUMBZZ33XXX'),
    path: 'counterparty',
    reason: /^must be an object$/,
  },
  {
    name: 'body that is an array',
    schema: S,
    input: [securitiesRequest],
    path: '(body)',
    reason: /^must be an object$/,
  },
  // account transfer requests
  {
    name: 'INCOMING account transfer with no instruments',
    schema: A,
    input: withValue(accountRequest, ['instruments'], []),
    path: 'instruments',
    reason: /at least one instrument/,
  },
  {
    name: 'duplicate ISIN in instruments',
    schema: A,
    input: withValue(accountRequest, ['instruments', 1, 'id'], 'US0378331005'),
    path: 'instruments[1].id',
    reason: /US0378331005 appears more than once/,
  },
  {
    name: 'bad check digit in the second instrument',
    schema: A,
    input: withValue(accountRequest, ['instruments', 1, 'id'], 'US64110L1062'),
    path: 'instruments[1].id',
    reason: /check digit/,
  },
  {
    name: 'zero quantity in an instrument',
    schema: A,
    input: withValue(accountRequest, ['instruments', 0, 'quantity'], '0'),
    path: 'instruments[0].quantity',
    reason: /greater than zero/,
  },
  {
    name: 'instrument id_type other than ISIN',
    schema: A,
    input: withValue(accountRequest, ['instruments', 1, 'id_type'], 'CUSIP'),
    path: 'instruments[1].id_type',
    reason: /must be one of ISIN/,
  },
  {
    name: 'unknown field in an instrument',
    schema: A,
    input: withValue(accountRequest, ['instruments', 0, 'instrument_id'], 'US0378331005'),
    path: 'instruments[0].instrument_id',
    reason: /is not a known field/,
  },
  {
    name: 'instruments that is not an array',
    schema: A,
    input: withValue(accountRequest, ['instruments'], 'ALL'),
    path: 'instruments',
    reason: /^must be an array$/,
  },
  {
    name: 'missing instruments',
    schema: A,
    input: withValue(accountRequest, ['instruments'], REMOVE),
    path: 'instruments',
    reason: /^is required$/,
  },
  {
    name: 'more than 1000 instruments',
    schema: A,
    input: withValues(accountRequest, [
      [['direction'], 'OUTGOING'],
      [['instruments'], manyInstruments(1001)],
    ]),
    path: 'instruments',
    reason: /at most 1000 instruments/,
  },
  {
    name: 'account transfer settlement_date before trade_date',
    schema: A,
    input: withValues(accountRequest, [
      [['trade_date'], '2024-03-01'],
      [['settlement_date'], '2024-02-29'],
    ]),
    path: 'settlement_date',
    reason: /must not be before trade_date/,
  },
  // list queries
  {
    name: 'limit=1001',
    schema: ListSecuritiesTransfersQuerySchema,
    input: withValue(listQuery, ['limit'], '1001'),
    path: 'limit',
    reason: /at most 1000/,
  },
  {
    name: 'offset=-1',
    schema: ListSecuritiesTransfersQuerySchema,
    input: withValue(listQuery, ['offset'], '-1'),
    path: 'offset',
    reason: /at least 0/,
  },
  {
    name: 'limit=abc',
    schema: ListSecuritiesTransfersQuerySchema,
    input: withValue(listQuery, ['limit'], 'abc'),
    path: 'limit',
    reason: /must be an integer/,
  },
  {
    name: 'limit=1.5',
    schema: ListSecuritiesTransfersQuerySchema,
    input: withValue(listQuery, ['limit'], '1.5'),
    path: 'limit',
    reason: /must be an integer/,
  },
  {
    name: 'unknown status filter',
    schema: ListSecuritiesTransfersQuerySchema,
    input: withValue(listQuery, ['status'], 'DONE'),
    path: 'status',
    reason: /must be one of NEW, PROCESSING, SETTLED, CANCELLED/,
  },
  {
    name: 'account-only status on the securities list',
    schema: ListSecuritiesTransfersQuerySchema,
    input: withValue(listQuery, ['status'], 'PARTIALLY_SETTLED'),
    path: 'status',
    reason: /must be one of NEW, PROCESSING, SETTLED, CANCELLED/,
  },
  {
    name: 'unknown direction filter',
    schema: ListAccountTransfersQuerySchema,
    input: withValue(listQuery, ['direction'], 'BOTH'),
    path: 'direction',
    reason: /must be one of INCOMING, OUTGOING/,
  },
  {
    name: 'list without direction',
    schema: ListAccountTransfersQuerySchema,
    input: withValue(listQuery, ['direction'], REMOVE),
    path: 'direction',
    reason: /^is required$/,
  },
  {
    name: 'sort by an unknown field',
    schema: ListSecuritiesTransfersQuerySchema,
    input: withValue(listQuery, ['sort'], 'quantity'),
    path: 'sort',
    reason: /must be one of created_at, updated_at/,
  },
  {
    name: 'lowercase order',
    schema: ListSecuritiesTransfersQuerySchema,
    input: withValue(listQuery, ['order'], 'asc'),
    path: 'order',
    reason: /must be one of ASC, DESC/,
  },
  {
    name: 'account_group_id filter that is not a UUID',
    schema: ListSecuritiesTransfersQuerySchema,
    input: withValue(listQuery, ['account_group_id'], '42'),
    path: 'account_group_id',
    reason: /must be a UUID/,
  },
  {
    name: 'unknown query parameter',
    schema: ListSecuritiesTransfersQuerySchema,
    input: withValue(listQuery, ['page'], '2'),
    path: 'page',
    reason: /is not a known field/,
  },
  // resources
  {
    name: 'created_at without a time zone',
    schema: SecuritiesTransferSchema,
    input: withValue(securitiesTransfer, ['created_at'], '2024-01-22T14:10:00'),
    path: 'created_at',
    reason: /RFC 3339 timestamp/,
  },
  {
    name: 'updated_at at hour 25',
    schema: SecuritiesTransferSchema,
    input: withValue(securitiesTransfer, ['updated_at'], '2024-01-22T25:00:00Z'),
    path: 'updated_at',
    reason: /RFC 3339 timestamp/,
  },
  {
    name: 'created_at on 2024-02-30',
    schema: SecuritiesTransferSchema,
    input: withValue(securitiesTransfer, ['created_at'], '2024-02-30T10:00:00Z'),
    path: 'created_at',
    reason: /RFC 3339 timestamp/,
  },
  {
    name: 'resource id that is not a UUID',
    schema: SecuritiesTransferSchema,
    input: withValue(securitiesTransfer, ['id'], '9637e68f-7065-4131-a072-6d57044ebd8'),
    path: 'id',
    reason: /must be a UUID/,
  },
  {
    name: 'unknown resource status',
    schema: SecuritiesTransferSchema,
    input: withValue(securitiesTransfer, ['status'], 'DONE'),
    path: 'status',
    reason: /must be one of NEW, PROCESSING, SETTLED, CANCELLED/,
  },
  {
    name: 'negative quantity_settled',
    schema: SecuritiesTransferSchema,
    input: withValue(securitiesTransfer, ['quantity_settled'], '-10'),
    path: 'quantity_settled',
    reason: /decimal string/,
  },
  {
    name: 'actual_settlement_date 2023-02-29',
    schema: SecuritiesTransferSchema,
    input: withValue(securitiesTransfer, ['actual_settlement_date'], '2023-02-29'),
    path: 'actual_settlement_date',
    reason: /real calendar date/,
  },
  {
    name: 'account transfer child with a bad transfer_id',
    schema: AccountTransferSchema,
    input: withValue(accountTransfer, ['instruments', 0, 'transfer_id'], 'child-1'),
    path: 'instruments[0].transfer_id',
    reason: /must be a UUID/,
  },
  {
    name: 'account transfer child PARTIALLY_SETTLED (only the parent can be)',
    schema: AccountTransferSchema,
    input: withValue(accountTransfer, ['instruments', 1, 'status'], 'PARTIALLY_SETTLED'),
    path: 'instruments[1].status',
    reason: /must be one of NEW, PROCESSING, SETTLED, CANCELLED/,
  },
  {
    name: 'list response limit over 1000',
    schema: ListSecuritiesTransfersResponseSchema,
    input: withValue(listResponse, ['meta', 'limit'], 2000),
    path: 'meta.limit',
    reason: /^must be at most 1000$/,
  },
  {
    name: 'list response item with a bad timestamp',
    schema: ListSecuritiesTransfersResponseSchema,
    input: withValue(listResponse, ['data', 0, 'updated_at'], 'yesterday'),
    path: 'data[0].updated_at',
    reason: /RFC 3339 timestamp/,
  },
  // webhook events
  {
    name: 'unknown event type',
    schema: WebhookEventSchema,
    input: withValue(event, ['type'], 'SECURITIES_TRANSFER.FAILED'),
    path: 'type',
    reason: /must be one of SECURITIES_TRANSFER\.NEW, .*ACCOUNT_TRANSFER\.CANCELLED$/,
  },
  {
    name: 'event without a type',
    schema: WebhookEventSchema,
    input: withValue(event, ['type'], REMOVE),
    path: 'type',
    reason: /^is required$/,
  },
  {
    name: 'account event type on a securities transfer event',
    schema: SecuritiesTransferEventSchema,
    input: withValue(event, ['type'], 'ACCOUNT_TRANSFER.NEW'),
    path: 'type',
    reason: /must be one of SECURITIES_TRANSFER\.NEW/,
  },
  {
    name: 'event object with a numeric quantity',
    schema: WebhookEventSchema,
    input: withValue(event, ['object', 'quantity'], 10),
    path: 'object.quantity',
    reason: /^must be a decimal string$/,
  },
  {
    name: 'event with a bad webhook_id',
    schema: WebhookEventSchema,
    input: withValue(event, ['webhook_id'], 'hook-1'),
    path: 'webhook_id',
    reason: /must be a UUID/,
  },
  {
    name: 'bad event type inside a delivery body',
    schema: WebhookDeliveryBodySchema,
    input: { payload: [event, withValue(event, ['type'], 'TRANSFER.NEW')] },
    path: 'payload[1].type',
    reason: /must be one of/,
  },
  // OAuth token requests
  {
    name: 'token request with grant_type password',
    schema: TokenRequestSchema,
    input: withValue(tokenRequest, ['grant_type'], 'password'),
    path: 'grant_type',
    reason: /must be client_credentials/,
  },
  {
    name: 'token request without grant_type',
    schema: TokenRequestSchema,
    input: withValue(tokenRequest, ['grant_type'], REMOVE),
    path: 'grant_type',
    reason: /^is required$/,
  },
  {
    name: 'token request with an empty client_id',
    schema: TokenRequestSchema,
    input: withValue(tokenRequest, ['client_id'], ''),
    path: 'client_id',
    reason: /^must not be empty$/,
  },
  {
    name: 'token request with a client_id over 200 characters',
    schema: TokenRequestSchema,
    input: withValue(tokenRequest, ['client_id'], 'c'.repeat(201)),
    path: 'client_id',
    reason: /^must be at most 200 characters$/,
  },
  {
    name: 'token request with a double space in scope',
    schema: TokenRequestSchema,
    input: withValue(tokenRequest, ['scope'], 'transfers:read  transfers:admin'),
    path: 'scope',
    reason: /scope tokens separated by single spaces/,
  },
  // problem bodies
  {
    name: 'problem body without status',
    schema: ProblemSchema,
    input: withValue(problem, ['status'], REMOVE),
    path: 'status',
    reason: /^is required$/,
  },
  {
    name: 'problem status as a string',
    schema: ProblemSchema,
    input: withValue(problem, ['status'], '400'),
    path: 'status',
    reason: /^must be a number$/,
  },
  {
    name: 'problem status below 100',
    schema: ProblemSchema,
    input: withValue(problem, ['status'], 99),
    path: 'status',
    reason: /^must be at least 100$/,
  },
  {
    name: 'problem invalid_params entry without a reason',
    schema: ProblemSchema,
    input: withValue(problem, ['invalid_params'], [{ name: 'quantity' }]),
    path: 'invalid_params[0].reason',
    reason: /^is required$/,
  },
];

/**
 * Plain words: a sentence fragment for a human, not Zod's default wording,
 * a type dump or a regular expression.
 */
function expectPlainWords(reason: string): void {
  expect(reason).toMatch(/^[A-Za-z]/);
  expect(reason).not.toMatch(/Invalid (input|option|string|number|key|value)|Too (big|small)|Unrecognized/);
  expect(reason).not.toMatch(/expected \w+, received|received (undefined|null|string|number|object)/);
  expect(reason).not.toMatch(/\bundefined\b|\bNaN\b|\[object|\/\^|\$\//);
  expect(reason).not.toMatch(/^is not valid$/);
}

describe('the valid inputs the cases start from', () => {
  it.each([
    ['securities transfer request', S, securitiesRequest],
    ['account transfer request', A, accountRequest],
    ['OUTGOING account transfer with an empty list', A, withValue(accountRequest, ['direction'], 'OUTGOING')],
    ['securities transfer', SecuritiesTransferSchema, securitiesTransfer],
    ['account transfer', AccountTransferSchema, accountTransfer],
    ['webhook event', WebhookEventSchema, event],
    ['list query', ListSecuritiesTransfersQuerySchema, listQuery],
    ['list response', ListSecuritiesTransfersResponseSchema, listResponse],
    ['token request', TokenRequestSchema, tokenRequest],
    ['problem', ProblemSchema, problem],
  ] as const)('%s is valid', (_name, schema, input) => {
    const result = schema.safeParse(input);
    expect(result.success ? [] : describeIssues(result.error)).toEqual([]);
  });

  it('1000 instruments are accepted, so the limit case tests the limit', () => {
    const input = withValues(accountRequest, [
      [['direction'], 'OUTGOING'],
      [['instruments'], manyInstruments(1000)],
    ]);
    expect(A.safeParse(input).success).toBe(true);
  });
});

describe('invalid inputs name the field and the rule in plain words', () => {
  it('has at least 40 cases with distinct names', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = c.schema.safeParse(c.input);
    expect(result.success).toBe(false);
    if (result.success) return;
    const params = describeIssues(result.error);
    expect(params).toEqual([{ name: c.path, reason: expect.stringMatching(c.reason) }]);
    for (const param of params) expectPlainWords(param.reason);

    // A caller that parses with `reportInput` gets the same description.
    const reported = c.schema.safeParse(c.input, { reportInput: true });
    expect(reported.success ? [] : describeIssues(reported.error)).toEqual(params);
  });
});
