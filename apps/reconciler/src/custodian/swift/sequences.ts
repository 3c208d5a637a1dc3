import { SwiftParseError } from './errors.js';
import type { SwiftField } from './tokenize.js';

/** A `:16R:<name>` … `:16S:<name>` block with its own fields and nested blocks. The root has name ''. */
export interface SwiftSequence {
  name: string;
  /** Line of the `:16R:` (0 for the root). */
  line: number;
  fields: SwiftField[];
  sequences: SwiftSequence[];
}

const SEQUENCE_NAME = /^[A-Z0-9]{1,16}$/;

/** Nests fields by their 16R/16S markers; unbalanced or crossed markers are errors. */
export function buildSequences(fields: readonly SwiftField[]): SwiftSequence {
  const root: SwiftSequence = { name: '', line: 0, fields: [], sequences: [] };
  const stack: SwiftSequence[] = [root];
  for (const field of fields) {
    const top = stack.at(-1) ?? root;
    if (field.tag === '16R') {
      if (!SEQUENCE_NAME.test(field.value)) {
        throw new SwiftParseError(`:16R: has an invalid sequence name "${field.value}"`, field.line);
      }
      const opened: SwiftSequence = { name: field.value, line: field.line, fields: [], sequences: [] };
      top.sequences.push(opened);
      stack.push(opened);
    } else if (field.tag === '16S') {
      if (top === root) {
        throw new SwiftParseError(`:16S:${field.value} closes a sequence that was never opened`, field.line);
      }
      if (top.name !== field.value) {
        throw new SwiftParseError(
          `:16S:${field.value} does not close the open sequence ${top.name} (opened at line ${top.line})`,
          field.line,
        );
      }
      stack.pop();
    } else {
      top.fields.push(field);
    }
  }
  const open = stack.at(-1);
  if (open && open !== root) {
    throw new SwiftParseError(`sequence ${open.name} is never closed by :16S:${open.name}`, open.line);
  }
  return root;
}
