import { z } from 'zod';
import { requiredOr } from './required.js';

export const SCOPES = ['transfers:read', 'transfers:admin', 'webhooks:read', 'webhooks:admin'] as const;
export const ScopeSchema = z.enum(SCOPES, { error: requiredOr(`must be one of ${SCOPES.join(', ')}`) });
export type Scope = z.infer<typeof ScopeSchema>;

/** `scope` is a space-separated list (RFC 6749 section 3.3). */
export const ScopeListSchema = z
  .string({ error: requiredOr('must be a string') })
  .max(1000, { error: 'must be at most 1000 characters' })
  .regex(/^[\x21\x23-\x5B\x5D-\x7E]+( [\x21\x23-\x5B\x5D-\x7E]+)*$/, {
    error: 'must be scope tokens separated by single spaces',
  });

export const TokenRequestSchema = z.object({
  client_id: z
    .string({ error: requiredOr('must be a string') })
    .min(1, { error: 'must not be empty' })
    .max(200),
  client_secret: z
    .string({ error: requiredOr('must be a string') })
    .min(1, { error: 'must not be empty' })
    .max(500),
  grant_type: z.literal('client_credentials', { error: requiredOr('must be client_credentials') }),
  scope: ScopeListSchema.optional(),
});
export type TokenRequest = z.infer<typeof TokenRequestSchema>;

export const TokenResponseSchema = z.object({
  access_token: z.string(),
  token_type: z.literal('bearer'),
  expires_in: z.number().int().positive(),
  scope: z.string(),
});
export type TokenResponse = z.infer<typeof TokenResponseSchema>;
