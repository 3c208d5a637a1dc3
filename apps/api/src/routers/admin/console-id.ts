import { z } from 'zod';
import { sameCaseAsStored } from '../../lib/uuid-case.js';

/**
 * An id an operator may paste from anywhere (an iOS log writes UUIDs in upper
 * case): bounded, trimmed, and compared in the case it is stored in.
 */
export const ConsoleIdSchema = z.string().trim().min(1).max(64).overwrite(sameCaseAsStored);
