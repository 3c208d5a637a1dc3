import { z } from 'zod';

/** A key webhook deliveries are signed with; receivers pick it by `keyid`. */
export const PublicKeySchema = z.object({
  keyid: z.string(),
  alg: z.string(),
  /** SPKI PEM. */
  pem: z.string(),
  created_at: z.string(),
});
export type PublicKey = z.infer<typeof PublicKeySchema>;

/** GET /webhooks/public_keys: old keys stay listed. */
export const PublicKeysResponseSchema = z.object({ keys: z.array(PublicKeySchema) });
export type PublicKeysResponse = z.infer<typeof PublicKeysResponseSchema>;
