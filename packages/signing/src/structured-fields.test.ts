import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSignature, parseSignatureInput } from './signature-headers.js';
import { serializeDictionary } from './structured-fields.js';
import { parseDictionary, SF_LIMITS } from './structured-fields-parse.js';

const INPUT =
  'sig1=("@method" "@path" "content-digest");created=1618884473;expires=1618884533;keyid="test-key";nonce="a\\"b";alg="ed25519"';

describe('parseDictionary (RFC 8941 subset)', () => {
  it('parses inner lists with string, integer, token and boolean parameters', () => {
    const parsed = parseDictionary('a=(1 "x" tok:en/1);p=?0;q, b;flag, c=:AQID:, d=-42');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.map(([k]) => k)).toEqual(['a', 'b', 'c', 'd']);
    expect(serializeDictionary(parsed.value)).toBe('a=(1 "x" tok:en/1);p=?0;q, b;flag, c=:AQID:, d=-42');
  });

  it.each([
    ['', 'expected a dictionary member'],
    ['sig1=(', 'expected an item'],
    ['sig1=("a"', "expected ' ' or ')'"],
    ['sig1=("a")x', "expected ','"],
    ['sig1=1,', 'after the comma'],
    ['Sig1=1', 'expected a key'],
    ['a=1, a=2', "duplicate dictionary key 'a'"],
    ['a=1;p=1;p=2', "duplicate parameter 'p'"],
    ['a="unterminated', 'unterminated string'],
    ['a="bad\\n"', 'invalid escape'],
    ['a="tab\there"', 'invalid character in string'],
    ['a=1.5', 'decimal numbers are not supported'],
    ['a=1234567890123456', 'longer than 15 digits'],
    ['a=:YWJj=:', 'not canonical base64'],
    ['a=:abc', "closing ':'"],
    ['a=?2', "expected '0' or '1'"],
    ['a=@', 'expected an item'],
  ])('rejects %j with a precise error', (input, message) => {
    const parsed = parseDictionary(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain(message);
  });

  it('caps the input length and the number of members, items and parameters', () => {
    expect(parseDictionary(`a="${'x'.repeat(SF_LIMITS.maxLength)}"`)).toMatchObject({ ok: false });
    const members = Array.from({ length: SF_LIMITS.maxMembers + 1 }, (_, i) => `k${i}=1`).join(', ');
    expect(parseDictionary(members)).toMatchObject({ ok: false });
    expect(parseDictionary(`a=(${'1 '.repeat(SF_LIMITS.maxListItems + 1)})`)).toMatchObject({ ok: false });
    const params = Array.from({ length: SF_LIMITS.maxParams + 1 }, (_, i) => `;p${i}`).join('');
    expect(parseDictionary(`a=1${params}`)).toMatchObject({ ok: false });
  });

  it('never throws on random input, and what it accepts re-serializes to a fixed point', () => {
    const alphabet = fc.constantFrom(...'a=(") ;:,?*-09xyzAB\\/\t.+'.split(''));
    const hostile = fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: alphabet, maxLength: 200 }));
    fc.assert(
      fc.property(hostile, (input) => {
        const parsed = parseDictionary(input);
        if (parsed.ok) {
          const again = parseDictionary(serializeDictionary(parsed.value));
          expect(again.ok && serializeDictionary(again.value)).toBe(serializeDictionary(parsed.value));
        } else {
          expect(typeof parsed.error).toBe('string');
        }
        expect(() => parseSignatureInput(input)).not.toThrow();
        expect(() => parseSignature(input)).not.toThrow();
      }),
      { numRuns: 3000 },
    );
  });
});

describe('parseSignatureInput / parseSignature', () => {
  it('reads components and typed parameters in order', () => {
    const parsed = parseSignatureInput(INPUT);
    expect(parsed).toEqual({
      ok: true,
      value: [
        {
          label: 'sig1',
          components: ['@method', '@path', 'content-digest'],
          params: {
            created: 1618884473,
            expires: 1618884533,
            keyid: 'test-key',
            nonce: 'a"b',
            alg: 'ed25519',
          },
          signatureParams:
            '("@method" "@path" "content-digest");created=1618884473;expires=1618884533;keyid="test-key";nonce="a\\"b";alg="ed25519"',
        },
      ],
    });
  });

  it.each([
    ['sig1=:AAAA:', 'must be an inner list'],
    ['sig1=(method)', 'must be quoted strings'],
    ['sig1=("@method";sf)', 'component parameters are not supported'],
    ['sig1=("@status")', 'not a supported component identifier'],
    ['sig1=("Content-Type")', 'not a supported component identifier'],
    ['sig1=("@path" "@path")', 'listed twice'],
    ['sig1=("@path");created="1"', 'created must be a non-negative integer'],
    ['sig1=("@path");created=-1', 'created must be a non-negative integer'],
    ['sig1=("@path");keyid=abc', 'keyid must be a string'],
    ['sig1=("@path");foo="bar"', "unknown signature parameter 'foo'"],
  ])('rejects signature-input %j', (input, message) => {
    const parsed = parseSignatureInput(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain(message);
  });

  it('reads signature byte sequences and rejects anything else', () => {
    const parsed = parseSignature('sig1=:AQID:, proxy=:BAU=:');
    expect(parsed.ok && parsed.value.map((e) => [e.label, [...e.signature]])).toEqual([
      ['sig1', [1, 2, 3]],
      ['proxy', [4, 5]],
    ]);
    expect(parseSignature('sig1="AQID"')).toMatchObject({ ok: false });
    expect(parseSignature('sig1=:AQID:;x=1')).toMatchObject({ ok: false });
    expect(parseSignature('sig1=(:AQID:)')).toMatchObject({ ok: false });
  });
});
