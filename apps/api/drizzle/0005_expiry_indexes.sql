CREATE INDEX `idempotency_keys_expiry` ON `idempotency_keys` (`expires_at`);--> statement-breakpoint
CREATE INDEX `signature_nonces_expiry` ON `signature_nonces` (`expires_at`);