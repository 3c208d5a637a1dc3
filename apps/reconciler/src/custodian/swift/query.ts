import { SwiftParseError } from './errors.js';
import type { SwiftSequence } from './sequences.js';
import type { SwiftField } from './tokenize.js';

/** One tag (`20C`) or the options a field may take (`['98A', '98C']`). */
export type TagOptions = string | readonly string[];

function tagList(tags: TagOptions): readonly string[] {
  return typeof tags === 'string' ? [tags] : tags;
}

/** `:20C::SEME//`, or `:98a::ESET//` when several letter options are allowed. */
export function fieldLabel(tags: TagOptions, qualifier?: string): string {
  const list = tagList(tags);
  const tag = list.length === 1 ? (list[0] ?? '') : `${(list[0] ?? '').slice(0, 2)}a`;
  return qualifier === undefined ? `:${tag}:` : `:${tag}::${qualifier}//`;
}

export function labelOf(field: SwiftField): string {
  return fieldLabel(field.tag, field.qualifier);
}

function sequenceLabel(sequence: SwiftSequence): string {
  return sequence.name === '' ? 'block 4' : `sequence ${sequence.name}`;
}

/** Fields directly inside a sequence (not in nested ones). */
export function fieldsIn(sequence: SwiftSequence, tags: TagOptions, qualifier?: string): SwiftField[] {
  const list = tagList(tags);
  return sequence.fields.filter(
    (f) => list.includes(f.tag) && (qualifier === undefined || f.qualifier === qualifier),
  );
}

function single(found: readonly SwiftField[], label: string): SwiftField | undefined {
  const [first, second] = found;
  if (first && second)
    throw new SwiftParseError(`repeated ${label} (first at line ${first.line})`, second.line);
  return first;
}

export function optionalField(
  sequence: SwiftSequence,
  tags: TagOptions,
  qualifier?: string,
): SwiftField | undefined {
  return single(fieldsIn(sequence, tags, qualifier), fieldLabel(tags, qualifier));
}

export function requiredField(sequence: SwiftSequence, tags: TagOptions, qualifier?: string): SwiftField {
  const field = optionalField(sequence, tags, qualifier);
  if (!field) {
    throw new SwiftParseError(
      `${sequenceLabel(sequence)} is missing required field ${fieldLabel(tags, qualifier)}`,
      sequence.line,
    );
  }
  return field;
}

export function childSequences(sequence: SwiftSequence, name: string): SwiftSequence[] {
  return sequence.sequences.filter((s) => s.name === name);
}

export function optionalSequence(sequence: SwiftSequence, name: string): SwiftSequence | undefined {
  const [first, second] = childSequences(sequence, name);
  if (first && second) {
    throw new SwiftParseError(`repeated sequence ${name} (first at line ${first.line})`, second.line);
  }
  return first;
}

export function requiredSequence(sequence: SwiftSequence, name: string): SwiftSequence {
  const found = optionalSequence(sequence, name);
  if (!found) {
    throw new SwiftParseError(
      `${sequenceLabel(sequence)} is missing required sequence ${name}`,
      sequence.line,
    );
  }
  return found;
}

/** Every sequence of that name at any depth, in document order. */
export function findSequences(sequence: SwiftSequence, name: string): SwiftSequence[] {
  return sequence.sequences.flatMap((s) => [...(s.name === name ? [s] : []), ...findSequences(s, name)]);
}

/** Every field at any depth, in document order. */
export function allFields(sequence: SwiftSequence): SwiftField[] {
  return [...sequence.fields, ...sequence.sequences.flatMap(allFields)].sort((a, b) => a.line - b.line);
}

/** A `:20C::<qualifier>//` reference from any LINK sequence of `general`. */
export function linkField(general: SwiftSequence, qualifier: string): SwiftField | undefined {
  const found = childSequences(general, 'LINK').flatMap((link) => fieldsIn(link, '20C', qualifier));
  return single(found, fieldLabel('20C', qualifier));
}

export function requiredLinkField(general: SwiftSequence, qualifier: string, why = ''): SwiftField {
  const field = linkField(general, qualifier);
  if (!field) {
    throw new SwiftParseError(
      `sequence GENL is missing required field ${fieldLabel('20C', qualifier)} in a LINK sequence${why}`,
      general.line,
    );
  }
  return field;
}
