export const NAME_LINE_LENGTH = 35;
export const NAME_MAX_LINES = 4;

/**
 * Splits a counterparty name into at most 4 lines of 35 characters, breaking
 * on spaces as the API describes; words that do not fit in the remaining
 * lines are dropped. A single word longer than a line is cut at 35 characters
 * because a SWIFT line cannot hold more.
 */
export function splitCounterpartyName(name: string): string[] {
  const lines: string[] = [];
  let current = '';
  for (const rawWord of name.split(' ')) {
    if (rawWord === '') continue;
    const pieces: string[] = [];
    for (let i = 0; i < rawWord.length; i += NAME_LINE_LENGTH) {
      pieces.push(rawWord.slice(i, i + NAME_LINE_LENGTH));
    }
    for (const word of pieces) {
      if (current === '') {
        current = word;
      } else if (current.length + 1 + word.length <= NAME_LINE_LENGTH) {
        current = `${current} ${word}`;
      } else {
        lines.push(current);
        if (lines.length === NAME_MAX_LINES) return lines;
        current = word;
      }
    }
  }
  if (current !== '' && lines.length < NAME_MAX_LINES) lines.push(current);
  return lines;
}

/**
 * Why the name cannot be written into a settlement instruction, or
 * undefined: a continuation line (2nd to 4th) may not start with ':' (it
 * would read as a new field) nor with '-' (the end of the message text).
 */
export function unsafeNameLine(name: string): string | undefined {
  const lines = splitCounterpartyName(name);
  for (let n = 1; n < lines.length; n++) {
    const line = lines[n] ?? '';
    if (line.startsWith(':') || line.startsWith('-')) {
      return `line ${n + 1} of the name ("${line}") would start with '${line[0]}', which a settlement instruction cannot carry; change the words at the line break`;
    }
  }
  return undefined;
}
