import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytes, derInteger, rawToDer, tlv } from './der-test-support.js';
import { ecdsaDerToRaw } from './ecdsa-der.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const filled = (length: number, value: number) => new Uint8Array(length).fill(value);
const rawOf = (der: Uint8Array, size: number) => {
  const raw = ecdsaDerToRaw(der, size);
  return raw === undefined ? undefined : Buffer.from(raw).toString('hex');
};

describe('ecdsaDerToRaw accepts canonical DER', () => {
  it('pads each integer to the half size, keeping a needed 0x00 out of the value', () => {
    // r = 1, s = 0x80 (needs its leading 0x00), size 4.
    expect(rawOf(hex('3007 020101 02020080'), 4)).toBe('00000001' + '00000080');
    // Zero is `02 01 00`; whether 0 is a valid r or s is for the signature check to say.
    expect(rawOf(hex('3006 020100 020100'), 2)).toBe('0000' + '0000');
  });

  it('reads the long-form length a P-521 signature needs (more than 127 content bytes)', () => {
    const r = filled(66, 0x01);
    const s = Uint8Array.from([0x01, ...filled(65, 0xff)]);
    const der = rawToDer(bytes(r, s));
    expect([...der.subarray(0, 3)]).toEqual([0x30, 0x81, 136]);
    expect(rawOf(der, 66)).toBe(Buffer.from(bytes(r, s)).toString('hex'));
  });

  it.each([32, 48, 66])('round-trips any r‖s of %i-byte halves', (size) => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 2 * size, maxLength: 2 * size }), (raw) => {
        expect(ecdsaDerToRaw(rawToDer(raw), size)).toEqual(raw);
      }),
      { numRuns: 300 },
    );
  });
});

describe('ecdsaDerToRaw refuses everything else', () => {
  it.each([
    ['nothing', ''],
    ['a lone tag', '30'],
    ['a SET instead of a SEQUENCE', '3106 020101 020101'],
    ['a BIT STRING instead of an INTEGER', '3006 030101 020101'],
    ['an OCTET STRING instead of an INTEGER', '3006 020101 040101'],
    ['a sequence length past the end (truncated)', '3007 020101 020101'],
    ['a truncated integer', '3006 020101 020201'],
    ['a sequence length short of the end (trailing byte)', '3006 020101 020101 00'],
    ['a trailing second sequence', '3006 020101 020101 3000'],
    ['an indefinite length', '3080 020101 020101 0000'],
    ['a long-form length where the short form fits', '308106 020101 020101'],
    ['a two-byte long-form length', '30820006 020101 020101'],
    ['a long-form integer length', '3007 02810101 020101'],
    ['an empty integer', '3005 0200 020101'],
    ['only r', '3003 020101'],
    ['a third integer', '3009 020101 020101 020101'],
    ['an unneeded leading zero', '3007 02020001 020101'],
    ['an unneeded leading zero in s', '3007 020101 0202007f'],
    ['two leading zeros before a high bit', '3008 0203000080 020101'],
    ['a negative r (missing 0x00 before the high bit)', '3006 020180 020101'],
    ['a negative s', '3006 020101 0201ff'],
  ])('%s', (_name, der) => {
    expect(ecdsaDerToRaw(hex(der), 4)).toBeUndefined();
  });

  it('refuses an integer wider than the curve, even when well-formed', () => {
    const wide = Uint8Array.from([0x01, ...filled(32, 0)]);
    const der = tlv(0x30, bytes(derInteger(wide), derInteger(filled(32, 1))));
    expect(ecdsaDerToRaw(der, 32)).toBeUndefined();
    expect(ecdsaDerToRaw(der, 33)).toBeDefined();
  });

  it('refuses a nonsensical size instead of throwing', () => {
    const der = hex('3006 020101 020101');
    for (const size of [0, -1, 1.5, Number.NaN]) expect(ecdsaDerToRaw(der, size)).toBeUndefined();
  });

  it('never throws, and accepts only the one canonical encoding of what it returns', () => {
    const size = 32;
    const mutated = fc
      .tuple(
        fc.uint8Array({ minLength: 2 * size, maxLength: 2 * size }),
        fc.nat(80),
        fc.integer({ min: 0, max: 255 }),
        fc.constantFrom('replace', 'insert', 'delete', 'truncate'),
      )
      .map(([raw, position, byte, edit]) => {
        const der = [...rawToDer(raw)];
        const at = position % (der.length + 1);
        if (edit === 'replace') der[at % der.length] = byte;
        if (edit === 'insert') der.splice(at, 0, byte);
        if (edit === 'delete') der.splice(at % der.length, 1);
        if (edit === 'truncate') der.length = at;
        return Uint8Array.from(der);
      });
    fc.assert(
      fc.property(fc.oneof(mutated, fc.uint8Array({ maxLength: 80 })), (input) => {
        const raw = ecdsaDerToRaw(input, size);
        if (raw !== undefined) expect(rawToDer(raw)).toEqual(Buffer.from(input));
      }),
      { numRuns: 3000 },
    );
  });
});
