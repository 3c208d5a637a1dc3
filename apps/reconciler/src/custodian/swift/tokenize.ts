import { SwiftParseError } from './errors.js';
import type { FinLine } from './fin-envelope.js';

/**
 * One field of block 4. Generic fields `:98A::SETT//20240115` have a
 * qualifier (`SETT`), an optional data source scheme (`:22F::SETR/ABCD/XXXX`)
 * and the value; plain fields (`:35B:ISIN …`, `:16R:GENL`) only a value.
 * Continuation lines are kept in `value`, separated by '\n'.
 */
export interface SwiftField {
  tag: string;
  qualifier?: string;
  dataSourceScheme?: string;
  value: string;
  line: number;
}

const FIELD_START = /^:(\d{2}[A-Z]?):(.*)$/;
const GENERIC = /^:([A-Z0-9]{4})\/([A-Z0-9]{0,8})\/([\s\S]*)$/;

function toField(tag: string, content: string, line: number): SwiftField {
  if (!content.startsWith(':')) return { tag, value: content, line };
  const m = GENERIC.exec(content);
  if (!m) {
    const shown = content.split('\n')[0] ?? '';
    throw new SwiftParseError(
      `malformed field :${tag}:${shown} (expected ':QUAL//value' with a 4-character qualifier)`,
      line,
    );
  }
  const [, qualifier = '', scheme = '', value = ''] = m;
  return scheme === ''
    ? { tag, qualifier, value, line }
    : { tag, qualifier, dataSourceScheme: scheme, value, line };
}

/** Splits the lines of block 4 into fields; a line not starting with `:<tag>:` continues the previous field. */
export function tokenizeBlock4(lines: readonly FinLine[]): SwiftField[] {
  const raw: { tag: string; content: string; line: number }[] = [];
  for (const { text, line } of lines) {
    const trimmed = text.trimEnd();
    if (trimmed === '') throw new SwiftParseError('empty line inside block 4', line);
    const m = FIELD_START.exec(trimmed);
    const previous = raw.at(-1);
    if (m) {
      raw.push({ tag: m[1] ?? '', content: m[2] ?? '', line });
    } else if (previous) {
      previous.content += `\n${trimmed}`;
    } else {
      throw new SwiftParseError(`expected a field ':<tag>:' but found "${trimmed}"`, line);
    }
  }
  return raw.map((r) => toField(r.tag, r.content, r.line));
}
