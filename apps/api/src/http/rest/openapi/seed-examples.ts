// The JSON examples of the source documents (the spec of this API), copied
// unchanged; `source` is the file and line of the opening brace.
// test/openapi-examples.test.ts holds them equal to the documents, so the
// documents stay the source of truth for the reference's examples.
import type { JsonObject } from './json-schema.js';

export interface SeedExample {
  source: string;
  value: JsonObject;
}

export type SeedExampleName =
  | 'createIncomingAccountTransfer'
  | 'createOutgoingAccountTransfer'
  | 'accountTransfer'
  | 'createOutgoingSecuritiesTransfer'
  | 'settledSecuritiesTransfer'
  | 'securitiesTransfersList'
  | 'createIncomingSecuritiesTransfer'
  | 'createdSecuritiesTransfer'
  | 'securitiesTransferNewEvent';

export const SEED_EXAMPLES: Record<SeedExampleName, SeedExample> = {
  createIncomingAccountTransfer: {
    source: '001_bbd2128aa936b20f.txt:37',
    value: {
      direction: 'INCOMING',
      user_id: '7e9a0529-d289-4f4a-ae01-c2cd013d582e',
      account_id: 'd396b7c3-aa67-488a-8e39-4a1a7cbeb9f4',
      transfer_type: 'NO_OWNER_CHANGE',
      settlement_reference: 'b82dc5985558fdr2',
      instruments: [
        {
          id: 'US0378331005',
          id_type: 'ISIN',
          quantity: '10',
        },
        {
          id: 'US64110L1061',
          id_type: 'ISIN',
          quantity: '5',
        },
      ],
      counterparty: {
        bic: 'ABCDDEFFXXX',
        account_number: '1234567891',
        name: 'Max Mustermann',
      },
    },
  },
  createOutgoingAccountTransfer: {
    source: '001_bbd2128aa936b20f.txt:66',
    value: {
      direction: 'OUTGOING',
      user_id: '7e9a0529-d289-4f4a-ae01-c2cd013d582e',
      account_id: 'd396b7c3-aa67-488a-8e39-4a1a7cbeb9f4',
      transfer_type: 'NO_OWNER_CHANGE',
      settlement_reference: 'b82dc5985558fdr2',
      instruments: [
        {
          id: 'US0378331005',
          id_type: 'ISIN',
          quantity: '10',
        },
        {
          id: 'US64110L1061',
          id_type: 'ISIN',
          quantity: '5',
        },
      ],
      counterparty: {
        bic: 'ABCDDEFFXXX',
        account_number: '1234567891',
        name: 'Max Mustermann',
      },
    },
  },
  accountTransfer: {
    source: '001_bbd2128aa936b20f.txt:144',
    value: {
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
      user_id: '7e9a0529-d289-4f4a-ae01-c2cd013d582e',
      account_id: 'd396b7c3-aa67-488a-8e39-4a1a7cbeb9f4',
      settlement_reference: 'b82dc5985558fdr2',
      counterparty: {
        bic: 'ABCDDEFFXXX',
        account_number: '1234567891',
        name: 'Max Mustermann',
      },
    },
  },
  createOutgoingSecuritiesTransfer: {
    source: '003_9e66f2949bc0231c.txt:20',
    value: {
      direction: 'OUTGOING',
      instrument_id: 'US0378331005',
      instrument_id_type: 'ISIN',
      quantity: '10',
      transfer_type: 'NO_OWNER_CHANGE',
      user_id: '7e9a0529-d289-4f4a-ae01-c2cd013d582e',
      account_id: 'd396b7c3-aa67-488a-8e39-4a1a7cbeb9f4',
      settlement_reference: 'b82dc5985558fdr2',
      counterparty: {
        bic: 'DUMBZZ33XXX',
        account_number: '1234567891',
        name: 'Max Mustermann',
      },
    },
  },
  settledSecuritiesTransfer: {
    source: '003_9e66f2949bc0231c.txt:62',
    value: {
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
      user_id: '7e9a0529-d289-4f4a-ae01-c2cd013d582e',
      account_id: 'd396b7c3-aa67-488a-8e39-4a1a7cbeb9f4',
      settlement_reference: 'b82dc5985558fdr2',
      counterparty: {
        bic: 'ABCDDEFFXXX',
        account_number: '1234567891',
        name: 'Max Mustermann',
      },
      place_of_settlement: 'DAKVDEFFXXX',
      trade_date: '2024-01-22',
      settlement_date: '2024-01-23',
      actual_settlement_date: '2024-01-24',
    },
  },
  securitiesTransfersList: {
    source: '004_6259821da05fb747.txt:98',
    value: {
      meta: {
        offset: 0,
        limit: 100,
        count: 2,
        total_count: 2,
        sort: 'created_at',
        order: 'ASC',
      },
      data: [
        {
          id: '9637e68f-7065-4131-a072-6d57044ebd8c',
          created_at: '2024-01-22T14:10:00.00Z',
          updated_at: '2024-01-22T14:12:34.56Z',
          direction: 'INCOMING',
          status: 'NEW',
          transfer_type: 'NO_OWNER_CHANGE',
          instrument_id: 'US0378331005',
          instrument_id_type: 'ISIN',
          quantity: '10',
          user_id: '7e9a0529-d289-4f4a-ae01-c2cd013d582e',
          account_id: 'd396b7c3-aa67-488a-8e39-4a1a7cbeb9f4',
          settlement_reference: 'b82dc5985558fdr2',
          counterparty: {
            bic: 'DUMBZZ33XXX',
            account_number: '1234567891',
            name: 'Max Mustermann',
          },
          place_of_settlement: 'DAKVDEFFXXX',
          trade_date: '2024-01-22',
          settlement_date: '2024-01-23',
        },
        {
          id: '64464124-18a2-4886-bc9f-c1b41fa8e4df',
          created_at: '2025-01-22T14:10:00.00Z',
          updated_at: '2025-01-22T14:12:34.56Z',
          direction: 'INCOMING',
          status: 'SETTLED',
          transfer_type: 'NO_OWNER_CHANGE',
          instrument_id: 'US88160R1014',
          instrument_id_type: 'ISIN',
          quantity: '5',
          quantity_settled: '5',
          user_id: '7e9a0529-d289-4f4a-ae01-c2cd013d582e',
          account_id: 'd396b7c3-aa67-488a-8e39-4a1a7cbeb9f4',
          settlement_reference: 'b82dc5985558fdr2',
          counterparty: {
            bic: 'DUMBZZ33XXX',
            account_number: '1234567891',
            name: 'Max Mustermann',
          },
          place_of_settlement: 'CEDELULLXXX',
          trade_date: '2024-01-22',
          settlement_date: '2024-01-23',
          actual_settlement_date: '2024-01-24',
        },
      ],
    },
  },
  createIncomingSecuritiesTransfer: {
    source: '004_6259821da05fb747.txt:276',
    value: {
      direction: 'INCOMING',
      instrument_id: 'US0378331005',
      instrument_id_type: 'ISIN',
      quantity: '10',
      transfer_type: 'NO_OWNER_CHANGE',
      user_id: '7e9a0529-d289-4f4a-ae01-c2cd013d582e',
      account_id: 'd396b7c3-aa67-488a-8e39-4a1a7cbeb9f4',
      settlement_reference: 'b82dc5985558fdr2',
      counterparty: {
        bic: 'DUMBZZ33XXX',
        account_number: '1234567891',
        name: 'Max Mustermann',
      },
    },
  },
  createdSecuritiesTransfer: {
    source: '004_6259821da05fb747.txt:296',
    value: {
      id: '9637e68f-7065-4131-a072-6d57044ebd8c',
      created_at: '2024-01-22T14:10:00.00Z',
      updated_at: '2024-01-22T14:12:34.56Z',
      direction: 'INCOMING',
      status: 'NEW',
      transfer_type: 'NO_OWNER_CHANGE',
      instrument_id: 'US0378331005',
      instrument_id_type: 'ISIN',
      quantity: '10',
      user_id: '7e9a0529-d289-4f4a-ae01-c2cd013d582e',
      account_id: 'd396b7c3-aa67-488a-8e39-4a1a7cbeb9f4',
      settlement_reference: 'b82dc5985558fdr2',
      counterparty: {
        bic: 'DUMBZZ33XXX',
        account_number: '1234567891',
        name: 'Max Mustermann',
      },
      place_of_settlement: 'DAKVDEFFXXX',
      trade_date: '2024-01-22',
      settlement_date: '2024-01-23',
    },
  },
  securitiesTransferNewEvent: {
    source: '004_6259821da05fb747.txt:511',
    value: {
      id: 'b5d0d9d0-bb8e-48b4-b2af-11df2b522353',
      created_at: '2024-01-22T14:10:00.00Z',
      type: 'SECURITIES_TRANSFER.NEW',
      object: {
        id: '9637e68f-7065-4131-a072-6d57044ebd8c',
        created_at: '2024-01-22T14:10:00.00Z',
        updated_at: '2024-01-22T14:12:34.56Z',
        direction: 'INCOMING',
        status: 'NEW',
        transfer_type: 'NO_OWNER_CHANGE',
        instrument_id: 'US0378331005',
        instrument_id_type: 'ISIN',
        quantity: '10',
        user_id: '7e9a0529-d289-4f4a-ae01-c2cd013d582e',
        account_id: 'd396b7c3-aa67-488a-8e39-4a1a7cbeb9f4',
        settlement_reference: 'b82dc5985558fdr2',
        counterparty: {
          bic: 'DUMBZZ33XXX',
          account_number: '1234567891',
          name: 'Max Mustermann',
        },
        place_of_settlement: 'DAKVDEFFXXX',
        trade_date: '2024-01-22',
        settlement_date: '2024-01-23',
      },
      webhook_id: 'cab4673a-1381-4404-aec4-982dae33a38c',
    },
  },
};
