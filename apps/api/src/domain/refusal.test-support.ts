import { AppError } from './errors.js';

/** The rule's refusal as `CODE: message`; fails the test when the rule did not refuse. */
export function refusalOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return `${error.code}: ${error.message}`;
    throw error;
  }
  throw new Error('expected a refusal');
}
