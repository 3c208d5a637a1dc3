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

// Zod's own English messages ("Invalid input: expected string, received
// number", "Too big: ..."); our schemas word theirs as "must ...".
const ZOD_DEFAULT_MESSAGE = /^(Invalid\b|Too (big|small):|Unrecognized key)/;

function withArticle(type: string): string {
  if (type === 'int') return 'an integer';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function unitOf(origin: string): string {
  if (origin === 'string') return ' characters';
  if (origin === 'array' || origin === 'set') return ' items';
  return '';
}

/** A plain-words reason for an issue whose message is Zod's default. */
function plainReason(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.message.endsWith('received undefined')
        ? 'is required'
        : `must be ${withArticle(issue.expected)}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${String(issue.values[0])}`
        : `must be one of ${issue.values.map(String).join(', ')}`;
    case 'too_big': {
      const bound = issue.exact ? 'exactly' : issue.inclusive === false ? 'less than' : 'at most';
      return `must be ${bound} ${issue.maximum.toString()}${unitOf(issue.origin)}`;
    }
    case 'too_small': {
      const bound = issue.exact ? 'exactly' : issue.inclusive === false ? 'more than' : 'at least';
      return `must be ${bound} ${issue.minimum.toString()}${unitOf(issue.origin)}`;
    }
    case 'invalid_format':
      return 'is not in the expected format';
    case 'invalid_union': {
      const options = 'options' in issue && Array.isArray(issue.options) ? issue.options : [];
      return options.length > 0
        ? `must be one of ${options.map(String).join(', ')}`
        : 'does not match any of the accepted shapes';
    }
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor.toString()}`;
    default:
      return 'is not valid';
  }
}

function isReportedMissing(issue: z.core.$ZodIssue): boolean {
  // Only when the caller parsed with `reportInput: true`; otherwise the
  // schemas' own messages already say "is required" (see requiredOr).
  return (
    (issue.code === 'invalid_type' || issue.code === 'invalid_value') &&
    'input' in issue &&
    issue.input === undefined
  );
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
    let reason = issue.message;
    if (isReportedMissing(issue)) reason = 'is required';
    else if (ZOD_DEFAULT_MESSAGE.test(reason)) reason = plainReason(issue);
    params.push({ name: formatFieldPath(issue.path) || '(body)', reason });
  }
  return params;
}
