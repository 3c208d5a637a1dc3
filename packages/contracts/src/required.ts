/**
 * Error option for a field's type check: "is required" when the field is
 * absent, otherwise `message`. Zod strips the input from the issues it
 * returns, so only the error map can still tell "missing" from "wrong type".
 * A schema's error map also words the issues of its checks that carry no
 * message of their own (`.max(200)`); those keep their own wording.
 */
export function requiredOr(
  message: string,
): (issue: { readonly code?: string; readonly input?: unknown }) => string | undefined {
  return (issue) => {
    if (issue.code !== 'invalid_type' && issue.code !== 'invalid_value') return undefined;
    return issue.input === undefined ? 'is required' : message;
  };
}
