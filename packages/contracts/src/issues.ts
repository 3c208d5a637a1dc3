import type { z } from 'zod';
import type { InvalidParam } from './problem.js';

/** `instruments[1].id` style path, as API clients read it. */
export function formatFieldPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** Every issue as the field it names and the rule it broke, in plain words. */
export function describeIssues(error: z.ZodError): InvalidParam[] {
  const params: InvalidParam[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        params.push({ name: formatFieldPath([...issue.path, key]), reason: 'is not a known field' });
      }
      continue;
    }
    const missing =
      (issue.code === 'invalid_type' || issue.code === 'invalid_value') && issue.input === undefined;
    params.push({
      name: formatFieldPath(issue.path) || '(body)',
      reason: missing ? 'is required' : issue.message,
    });
  }
  return params;
}
