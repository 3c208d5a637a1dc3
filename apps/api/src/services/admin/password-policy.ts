import { AppError } from '../../domain/errors.js';

/** Passwords seen first in every guessing list (and the demo ones): refused whatever their length. */
const COMMON = new Set([
  'password',
  'passwort',
  'qwertyuiop',
  'qwertzuiop',
  'letmein',
  'welcome',
  'administrator',
  'changeme',
  'iloveyou',
  'trustno1',
  'ops-demo-password',
  'viewer-demo-password',
  'admin-demo-password',
]);

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;

/**
 * An operator's password: long (NIST SP 800-63B asks for length, not
 * composition rules), not mostly one repeated character or a sequence, not a
 * common password with digits around it, not the e-mail's name.
 */
export function passwordWeakness(password: string, email: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters`;
  if (new Set(password).size < 6) return 'must use at least 6 different characters';
  const lower = password.toLowerCase();
  const core = lower.replace(/^[^a-z]+|[^a-z]+$/g, '');
  if (COMMON.has(lower) || COMMON.has(core)) return 'is a commonly used password';
  if (/^(0123456789|1234567890|abcdefghijklmnopqrstuvwxyz)/.test(lower)) return 'is a sequence';
  const name = email.split('@')[0]?.toLowerCase() ?? '';
  if (name.length >= 3 && lower.includes(name)) return 'must not contain the e-mail name';
  return undefined;
}

export function assertStrongPassword(password: string, email: string): void {
  const weakness = passwordWeakness(password, email);
  if (weakness) {
    throw new AppError('VALIDATION_FAILED', `password ${weakness}`, {
      invalidParams: [{ name: 'password', reason: weakness }],
    });
  }
}
