// Every schema of the OpenAPI document, each a contracts schema: the document
// describes exactly what the api validates, and the examples test parses each
// example with the schema its $ref names.
import {
  AccountTransferSchema,
  AccountTransferValidationSchema,
  CreateAccountTransferRequestSchema,
  CreateSecuritiesTransferRequestSchema,
  CreateWebhookRequestSchema,
  EventLogResponseSchema,
  ListAccountTransfersResponseSchema,
  ListAttemptsResponseSchema,
  ListDeliveriesResponseSchema,
  ListSecuritiesTransfersResponseSchema,
  ListWebhooksResponseSchema,
  ProblemSchema,
  PublicKeysResponseSchema,
  RedeliverRequestSchema,
  RedeliverResponseSchema,
  SecuritiesTransferSchema,
  SecuritiesTransferValidationSchema,
  TokenRequestSchema,
  TokenResponseSchema,
  UpdateWebhookRequestSchema,
  WebhookDeliveryBodySchema,
  WebhookEventSchema,
  WebhookSchema,
} from '@tbo/contracts';
import type { z } from 'zod';
import { type JsonObject, jsonSchemaOf } from './json-schema.js';

interface Component {
  schema: z.ZodType;
  /** Requests are described as accepted (input), answers as sent (output). */
  io: 'input' | 'output';
}
const input = (schema: z.ZodType): Component => ({ schema, io: 'input' });
const output = (schema: z.ZodType): Component => ({ schema, io: 'output' });

export const COMPONENTS: Record<string, Component> = {
  TokenRequest: input(TokenRequestSchema),
  TokenResponse: output(TokenResponseSchema),
  CreateSecuritiesTransferRequest: input(CreateSecuritiesTransferRequestSchema),
  SecuritiesTransfer: output(SecuritiesTransferSchema),
  ListSecuritiesTransfersResponse: output(ListSecuritiesTransfersResponseSchema),
  CreateAccountTransferRequest: input(CreateAccountTransferRequestSchema),
  AccountTransfer: output(AccountTransferSchema),
  ListAccountTransfersResponse: output(ListAccountTransfersResponseSchema),
  SecuritiesTransferValidation: output(SecuritiesTransferValidationSchema),
  AccountTransferValidation: output(AccountTransferValidationSchema),
  CreateWebhookRequest: input(CreateWebhookRequestSchema),
  UpdateWebhookRequest: input(UpdateWebhookRequestSchema),
  Webhook: output(WebhookSchema),
  ListWebhooksResponse: output(ListWebhooksResponseSchema),
  EventLogResponse: output(EventLogResponseSchema),
  PublicKeysResponse: output(PublicKeysResponseSchema),
  ListDeliveriesResponse: output(ListDeliveriesResponseSchema),
  ListAttemptsResponse: output(ListAttemptsResponseSchema),
  RedeliverRequest: input(RedeliverRequestSchema),
  RedeliverResponse: output(RedeliverResponseSchema),
  WebhookEvent: output(WebhookEventSchema),
  WebhookDeliveryBody: output(WebhookDeliveryBodySchema),
  Problem: output(ProblemSchema),
};

/** `components.schemas` of the document. */
export function componentSchemas(): JsonObject {
  return Object.fromEntries(
    Object.entries(COMPONENTS).map(([name, { schema, io }]) => [name, jsonSchemaOf(schema, io)]),
  );
}
