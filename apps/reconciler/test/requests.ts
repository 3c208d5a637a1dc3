import { DEMO } from '../../api/test/harness.js';

export const APPLE = 'US0378331005';
export const NETFLIX = 'US64110L1061';
export const TESLA = 'US88160R1014';
export const SAP = 'DE0007164600';
export const MICROSOFT_NOT_ENABLED = 'US5949181045';

export function securities(
  direction: 'INCOMING' | 'OUTGOING',
  isin: string,
  quantity: string,
  settlementReference: string,
  accountId: string = DEMO.account,
) {
  return {
    direction,
    instrument_id: isin,
    instrument_id_type: 'ISIN',
    quantity,
    transfer_type: 'NO_OWNER_CHANGE',
    user_id: accountId === DEMO.secondAccount ? DEMO.secondUser : DEMO.user,
    account_id: accountId,
    settlement_reference: settlementReference,
    counterparty: { bic: 'DUMBZZ33XXX', account_number: '1234567891', name: 'Max Mustermann' },
  } as const;
}

export function account(
  direction: 'INCOMING' | 'OUTGOING',
  instruments: { id: string; quantity: string }[],
  settlementReference: string,
) {
  return {
    direction,
    user_id: DEMO.user,
    account_id: DEMO.account,
    transfer_type: 'NO_OWNER_CHANGE',
    settlement_reference: settlementReference,
    instruments: instruments.map((i) => ({ ...i, id_type: 'ISIN' as const })),
    counterparty: { bic: 'ABCDDEFFXXX', account_number: '1234567891', name: 'Max Mustermann' },
  } as const;
}
