import { SCOPES } from '@tbo/contracts';
import type { z } from 'zod';
import { type JsonObject, jsonSchemaOf } from './json-schema.js';

const header = (
  name: string,
  required: boolean,
  description: string,
  schema: JsonObject = { type: 'string' },
) => ({
  name,
  in: 'header',
  required,
  description,
  schema,
});

/** Headers of every client request (the token request has no authorization / idempotency-key). */
export const HEADERS = {
  clientId: header(
    'upvest-client-id',
    true,
    'Tenant client id; must be the client the access token was issued to.',
    {
      type: 'string',
    },
  ),
  authorization: header('authorization', true, 'Bearer access token from POST /auth/token (RFC 6750).'),
  signature: header('signature', true, 'HTTP message signature (draft 15), label sig1: `sig1=:<base64>:`.'),
  signatureInput: header(
    'signature-input',
    true,
    'Covered components and parameters (created, expires, keyid, nonce) of sig1. Must cover @method, @path, @query (with a query), authorization (not on /auth/token), upvest-client-id, idempotency-key (when sent) and, with a body, content-length and content-digest.',
  ),
  signatureVersion: header('upvest-signature-version', true, 'Signature scheme version.', {
    type: 'string',
    enum: ['15'],
  }),
  contentDigest: header(
    'content-digest',
    false,
    'Required with a body: `sha-512=:<base64 of SHA-512 of the body>:`.',
  ),
  idempotencyKey: header(
    'idempotency-key',
    true,
    'UUID; a retry with the same key returns the first response.',
    {
      type: 'string',
      format: 'uuid',
    },
  ),
  apiVersion: header('upvest-api-version', false, 'API version; absent means 1.', {
    type: 'string',
    enum: ['1'],
  }),
} as const;

/** The query parameters of a list endpoint, one per field of its contracts schema. */
export function queryParameters(schema: z.ZodObject): JsonObject[] {
  return Object.entries(schema.shape).map(([name, field]) => {
    const fieldSchema = field as z.ZodType;
    const json = jsonSchemaOf(fieldSchema, 'output');
    return {
      name,
      in: 'query',
      required: !fieldSchema.safeParse(undefined).success,
      schema: json,
    };
  });
}

export const OAUTH_SCOPES: JsonObject = Object.fromEntries(
  SCOPES.map((scope) => [scope, scope.endsWith(':admin') ? 'read and change' : 'read']),
);
