import { NAME_LINE_LENGTH } from './counterparty-name.js';

/** A break before `text[at]` keeps the text intact when the lines are joined back without a separator. */
function canBreakBefore(text: string, at: number): boolean {
  const next = text[at] ?? '';
  // ':' would read as a new field, '-' as the end of the message text; spaces at a line's
  // end or start are stripped by many SWIFT interfaces.
  return next !== ':' && next !== '-' && next !== ' ' && text[at - 1] !== ' ';
}

/**
 * Breaks a text into SWIFT narrative lines of at most 35 characters that read
 * back exactly by joining them: no line after the first starts with ':', '-'
 * or a space and none ends with a space. Undefined when no such breaks exist
 * (e.g. a run of 35 dashes).
 */
export function narrativeLines(text: string): string[] | undefined {
  const lines: string[] = [];
  let start = 0;
  while (text.length - start > NAME_LINE_LENGTH) {
    let end = start + NAME_LINE_LENGTH;
    while (end > start && !canBreakBefore(text, end)) end--;
    if (end === start) return undefined;
    lines.push(text.slice(start, end));
    start = end;
  }
  lines.push(text.slice(start));
  return lines;
}
