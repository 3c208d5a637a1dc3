import { SwiftParseError } from './errors.js';
import { type FinEnvelope, splitFin } from './fin-envelope.js';
import { buildSequences, type SwiftSequence } from './sequences.js';
import { tokenizeBlock4 } from './tokenize.js';

export interface FinMessage {
  envelope: FinEnvelope;
  /** Block 4 as nested sequences; the root's `line` is the line of `{4:`. */
  body: SwiftSequence;
}

/** Envelope + tokenizer + sequence nesting: the generic part shared by every mapper. */
export function readFin(text: string): FinMessage {
  const split = splitFin(text);
  if (split.block4.length === 0) throw new SwiftParseError('block 4 is empty', split.block4Line);
  const body = buildSequences(tokenizeBlock4(split.block4));
  return { envelope: split.envelope, body: { ...body, line: split.block4Line } };
}
