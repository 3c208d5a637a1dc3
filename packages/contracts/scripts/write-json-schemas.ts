// Writes a JSON Schema (draft 2020-12) for every public schema into
// dist/json-schema so consumers in other languages validate the same rules.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import * as contracts from '../src/index.js';

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'json-schema');
mkdirSync(outDir, { recursive: true });

const exported: Record<string, z.ZodType> = {
  'create-securities-transfer-request': contracts.CreateSecuritiesTransferRequestSchema,
  'securities-transfer': contracts.SecuritiesTransferSchema,
  'list-securities-transfers-query': contracts.ListSecuritiesTransfersQuerySchema,
  'list-securities-transfers-response': contracts.ListSecuritiesTransfersResponseSchema,
  'create-account-transfer-request': contracts.CreateAccountTransferRequestSchema,
  'account-transfer': contracts.AccountTransferSchema,
  'list-account-transfers-query': contracts.ListAccountTransfersQuerySchema,
  'list-account-transfers-response': contracts.ListAccountTransfersResponseSchema,
  'securities-transfer-validation': contracts.SecuritiesTransferValidationSchema,
  'account-transfer-validation': contracts.AccountTransferValidationSchema,
  'webhook-event': contracts.WebhookEventSchema,
  'webhook-delivery-body': contracts.WebhookDeliveryBodySchema,
  'create-webhook-request': contracts.CreateWebhookRequestSchema,
  'update-webhook-request': contracts.UpdateWebhookRequestSchema,
  webhook: contracts.WebhookSchema,
  'list-webhooks-response': contracts.ListWebhooksResponseSchema,
  'event-log-query': contracts.EventLogQuerySchema,
  'event-log-response': contracts.EventLogResponseSchema,
  'list-webhook-deliveries-response': contracts.ListDeliveriesResponseSchema,
  'list-webhook-attempts-response': contracts.ListAttemptsResponseSchema,
  'redeliver-request': contracts.RedeliverRequestSchema,
  'redeliver-response': contracts.RedeliverResponseSchema,
  'webhook-public-keys-response': contracts.PublicKeysResponseSchema,
  problem: contracts.ProblemSchema,
  'token-request': contracts.TokenRequestSchema,
  'token-response': contracts.TokenResponseSchema,
};

for (const [name, schema] of Object.entries(exported)) {
  // `unrepresentable: 'any'` keeps refinements (ISIN check digit, calendar
  // dates) out of the JSON Schema; their shape patterns still ship.
  const json = z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' });
  writeFileSync(join(outDir, `${name}.json`), `${JSON.stringify(json, null, 2)}\n`);
}
console.log(`wrote ${Object.keys(exported).length} JSON Schemas to ${outDir}`);
