import { SwiftParseError } from './errors.js';

/** One line of block 4 with its 1-based line number in the whole message. */
export interface FinLine {
  text: string;
  line: number;
}

/** What the basic (1) and application (2) headers tell about a message. */
export interface FinEnvelope {
  /** `I` = input (we send it to SWIFT), `O` = output (SWIFT delivered it to us). */
  direction: 'I' | 'O';
  /** Three digits, e.g. `544`. */
  messageType: string;
  senderBic: string;
  receiverBic: string;
}

export interface SplitFin {
  envelope: FinEnvelope;
  /** Line of `{4:`. */
  block4Line: number;
  block4: FinLine[];
}

const BASIC_HEADER = /^F01([A-Z]{6}[A-Z0-9]{6})(\d{4})(\d{6})$/;
const INPUT_HEADER = /^I(\d{3})([A-Z]{6}[A-Z0-9]{6})([SUN](\d{1,3})?)?$/;
// O, type, input time, MIR (date, LT, session, sequence), output date, output time, priority
const OUTPUT_HEADER = /^O(\d{3})(\d{4})\d{6}([A-Z]{6}[A-Z0-9]{6})\d{4}\d{6}\d{6}\d{4}[SUN]?$/;

/** 12-character logical terminal address (BIC8 + terminal code + branch) → BIC11. */
export function bicOfTerminal(terminal: string): string {
  return terminal.slice(0, 8) + terminal.slice(9);
}

/** Reads `{id:content}` blocks (content may nest braces, as block 3 and 5 do). */
function readBlocks(text: string, line: number, what: string): Map<string, string> {
  const blocks = new Map<string, string>();
  let i = 0;
  while (i < text.length) {
    const colon = text.indexOf(':', i);
    if (text[i] !== '{' || colon < 0) {
      throw new SwiftParseError(`malformed ${what}: expected '{<id>:' at "${text.slice(i, i + 12)}"`, line);
    }
    const id = text.slice(i + 1, colon);
    let depth = 1;
    let j = colon + 1;
    for (; j < text.length && depth > 0; j++) {
      if (text[j] === '{') depth++;
      else if (text[j] === '}') depth--;
    }
    if (depth > 0) throw new SwiftParseError(`malformed ${what}: block {${id}: is not closed`, line);
    if (blocks.has(id)) throw new SwiftParseError(`malformed ${what}: block {${id}: appears twice`, line);
    blocks.set(id, text.slice(colon + 1, j - 1));
    i = j;
  }
  return blocks;
}

function readEnvelope(header: string, line: number): FinEnvelope {
  const blocks = readBlocks(header, line, 'header');
  const unexpected = [...blocks.keys()].find((id) => !['1', '2', '3'].includes(id));
  if (unexpected !== undefined)
    throw new SwiftParseError(`unexpected block {${unexpected}: before block 4`, line);
  const basic = blocks.get('1');
  if (basic === undefined) throw new SwiftParseError('missing block 1 (basic header)', line);
  const app = blocks.get('2');
  if (app === undefined) throw new SwiftParseError('missing block 2 (application header)', line);
  const b1 = BASIC_HEADER.exec(basic);
  if (!b1) {
    throw new SwiftParseError(
      `block 1 "${basic}" is not F01 + 12-character logical terminal + 4-digit session + 6-digit sequence`,
      line,
    );
  }
  const own = bicOfTerminal(b1[1] ?? '');
  const input = INPUT_HEADER.exec(app);
  if (input) {
    const receiver = bicOfTerminal(input[2] ?? '');
    return { direction: 'I', messageType: input[1] ?? '', senderBic: own, receiverBic: receiver };
  }
  const output = OUTPUT_HEADER.exec(app);
  if (output) {
    const sender = bicOfTerminal(output[3] ?? '');
    return { direction: 'O', messageType: output[1] ?? '', senderBic: sender, receiverBic: own };
  }
  throw new SwiftParseError(
    `block 2 "${app}" is neither an input (I…) nor an output (O…) application header`,
    line,
  );
}

/**
 * Splits a FIN message into its envelope and the lines of block 4. Accepts
 * CRLF or LF, a leading BOM, blank lines around the message and an optional
 * trailer ({5:…}, {S:…}) after `-}`.
 */
export function splitFin(text: string): SplitFin {
  const lines = (text.startsWith('\uFEFF') ? text.slice(1) : text).split(/\r?\n/);
  let first = 0;
  while (first < lines.length && (lines[first] ?? '').trim() === '') first++;
  const header = lines[first];
  if (header === undefined) throw new SwiftParseError('empty message');
  const headerLine = first + 1;
  const open = header.indexOf('{4:');
  if (open < 0) throw new SwiftParseError("missing block 4: the header line must end with '{4:'", headerLine);
  if (header.slice(open + 3).trim() !== '') {
    throw new SwiftParseError("block 4 must start on a new line after '{4:'", headerLine);
  }
  const envelope = readEnvelope(header.slice(0, open).trim(), headerLine);

  const block4: FinLine[] = [];
  let end = first + 1;
  while (end < lines.length && !(lines[end] ?? '').startsWith('-}')) {
    block4.push({ text: lines[end] ?? '', line: end + 1 });
    end++;
  }
  if (end === lines.length) {
    throw new SwiftParseError("block 4 opened here is never terminated by a line '-}'", headerLine);
  }
  const trailer = [(lines[end] ?? '').slice(2), ...lines.slice(end + 1)].join('').trim();
  const trailerBlocks = readBlocks(trailer, end + 1, 'trailer');
  const stray = [...trailerBlocks.keys()].find((id) => id !== '5' && id !== 'S');
  if (stray !== undefined) throw new SwiftParseError(`unexpected block {${stray}: after block 4`, end + 1);
  return { envelope, block4Line: headerLine, block4 };
}
