import { describe, expect, it } from 'vitest';
import { SwiftParseError } from './errors.js';
import { goldenNames, readGolden } from './golden.test-support.js';
import { parseMessage } from './parse-message.js';

/** Every malformed-*.fin sample, the problem its error must name, and the line it must point at. */
const expectations: Record<string, { message: RegExp; line: number | undefined }> = {
  'malformed-bad-basic-header.fin': { message: /block 1 "F01TBOBDEFF0000000000" is not F01/, line: 1 },
  'malformed-bad-date.fin': { message: /:98A::ESET\/\/ has an invalid date "20240230"/, line: 11 },
  'malformed-bad-isin.fin': { message: /invalid ISIN US0378331006 \(check digit/, line: 14 },
  'malformed-bad-quantity.fin': { message: /:36B::ESTT\/\/ has an invalid quantity "25.5"/, line: 19 },
  'malformed-crossed-sequences.fin': {
    message: /:16S:GENL does not close the open sequence TRADDET \(opened at line 10\)/,
    line: 16,
  },
  'malformed-duplicate-reference.fin': { message: /repeated :20C::SEME\/\/ \(first at line 3\)/, line: 4 },
  'malformed-empty.fin': { message: /^empty message$/, line: undefined },
  'malformed-five-char-qualifier.fin': { message: /:98A::ESETT.*4-character qualifier/, line: 11 },
  'malformed-missing-block2.fin': { message: /missing block 2/, line: 1 },
  'malformed-missing-rela.fin': { message: /missing required field :20C::RELA\/\//, line: 2 },
  'malformed-mt535-missing-balance.fin': {
    message: /sequence FIN is missing required field :93B::AGGR\/\//,
    line: 32,
  },
  'malformed-mt535-second-account.fin': { message: /second safekeeping account TBO-OMNIBUS-0002/, line: 16 },
  'malformed-mt548-no-status.fin': { message: /MT548 carries no status/, line: 2 },
  'malformed-reversal-without-prev.fin': {
    message: /reversal \(:23G:RVSL\) must name .* :20C::PREV\/\//,
    line: 4,
  },
  'malformed-unsupported-type.fin': { message: /unsupported message type MT541/, line: 1 },
  'malformed-unterminated.fin': {
    message: /block 4 opened here is never terminated by a line '-}'/,
    line: 1,
  },
};

function parseError(text: string): SwiftParseError {
  try {
    parseMessage(text);
  } catch (error) {
    if (error instanceof SwiftParseError) return error;
    throw error;
  }
  throw new Error('expected a SwiftParseError, but the message parsed');
}

describe('malformed samples', () => {
  it('every malformed-*.fin sample has an expectation, and every expectation a sample', () => {
    expect(goldenNames('malformed-')).toStrictEqual(Object.keys(expectations).sort());
  });

  it.each(Object.entries(expectations))(
    '%s throws a SwiftParseError naming the problem',
    (name, expected) => {
      const error = parseError(readGolden(name));
      expect(error.message).toMatch(expected.message);
      expect(error.line).toBe(expected.line);
      expect(
        error.message.startsWith(expected.line === undefined ? 'empty' : `line ${expected.line}: `),
      ).toBe(true);
    },
  );
});

describe('other malformed inputs', () => {
  const valid = readGolden('mt544-settled.fin');
  const cases: [string, string, RegExp][] = [
    ['a missing block 4', valid.replace(/\{4:[\s\S]*$/, ''), /missing block 4/],
    ['block 4 on the header line', valid.replace('{4:\n', '{4::16R:GENL\n'), /must start on a new line/],
    ['text after the trailer', `${valid}\nhello`, /malformed trailer/],
    [
      'an unexpected block before block 4',
      valid.replace('{3:{108:CONF0001}}', '{7:X}'),
      /unexpected block \{7:/,
    ],
    ['an empty line in block 4', valid.replace(':23G:NEWM\n', ':23G:NEWM\n\n'), /empty line inside block 4/],
    [
      'text before the first field',
      valid.replace(':16R:GENL', 'GENL\n:16R:GENL'),
      /expected a field ':<tag>:'/,
    ],
    ['an unclosed sequence', valid.replace(':16S:SETDET\n', ''), /sequence SETDET is never closed/],
    [
      'a closing marker without opening',
      valid.replace(':16R:FIAC\n', ''),
      /:16S:FIAC closes a sequence that was never opened/,
    ],
    [
      'a missing TRADDET',
      valid.replace(/:16R:TRADDET[\s\S]*:16S:TRADDET\n/, ''),
      /missing required sequence/,
    ],
    ['a missing ESET', valid.replace(':98A::ESET//20240116\n', ''), /missing required field :98a::ESET\/\//],
    ['an unsupported function', valid.replace(':23G:NEWM', ':23G:CANC'), /unsupported function "CANC"/],
    [
      'a face amount',
      valid.replace('UNIT/10,', 'FAMT/10,'),
      /unsupported quantity type "FAMT" \(expected UNIT\)/,
    ],
    ['a quantity without comma', valid.replace('UNIT/10,', 'UNIT/10'), /invalid quantity "10"/],
    [
      'a quantity over 15 characters',
      valid.replace('UNIT/10,', 'UNIT/1234567890123456,'),
      /invalid quantity/,
    ],
    [
      'an instrument without ISIN',
      valid.replace('ISIN US0378331005', '/US/037833100'),
      /does not identify .* ISIN/,
    ],
    ['a bad 98C time', valid.replace(':98A::ESET//20240116', ':98C::ESET//20240116250000'), /invalid time/],
    ['a reference with //', valid.replace('CUST544000000001', 'CUST//1'), /invalid reference "CUST\/\/1"/],
  ];
  it.each(cases)('rejects %s', (_label, text, message) => {
    expect(parseError(text).message).toMatch(message);
  });
});
