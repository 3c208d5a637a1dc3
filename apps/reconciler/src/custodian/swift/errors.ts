/**
 * Thrown by every parser in this module. `line` is the 1-based line of the
 * whole message text where the problem sits (undefined when it concerns the
 * message as a whole, e.g. an empty text).
 */
export class SwiftParseError extends Error {
  override readonly name = 'SwiftParseError';
  readonly line: number | undefined;
  readonly detail: string;

  constructor(detail: string, line?: number) {
    super(line === undefined ? detail : `line ${line}: ${detail}`);
    this.line = line;
    this.detail = detail;
  }
}

/** Thrown by the writers when the input cannot become a valid message; lists every problem found. */
export class SwiftWriteError extends Error {
  override readonly name = 'SwiftWriteError';
  readonly problems: readonly string[];

  constructor(subject: string, problems: readonly string[]) {
    super(`invalid ${subject}: ${problems.join('; ')}`);
    this.problems = problems;
  }
}
