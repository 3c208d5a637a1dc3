import { type AccountTransfer, ListMetaSchema, type SecuritiesTransfer } from '@tbo/contracts';
import { z } from 'zod';

/**
 * Output of the list procedures: the envelope is checked, the items are not
 * parsed again one by one. Every item is built by the same function whose
 * output the GET procedures validate in full, and the tests parse whole list
 * responses with the published schemas; re-validating a thousand ISIN check
 * digits per page would only cost latency.
 */
function listOutputOf<T>() {
  return z.object({
    meta: ListMetaSchema,
    data: z.array(z.custom<T>((item) => typeof item === 'object' && item !== null)),
  });
}

export const SecuritiesTransfersListOutput = listOutputOf<SecuritiesTransfer>();
export const AccountTransfersListOutput = listOutputOf<AccountTransfer>();
