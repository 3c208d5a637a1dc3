import { describe, expect, it } from 'vitest';
import { splitFin } from './fin-envelope.js';
import { buildSequences } from './sequences.js';
import { tokenizeBlock4 } from './tokenize.js';

const message = [
  '{1:F01TBOBDEFFAXXX0000000000}{2:I542CUSTDEFFXXXXN}{4:',
  ':16R:GENL',
  ':20C::SEME//REF1',
  ':16R:LINK',
  ':20C::PREV//REF0',
  ':16S:LINK',
  ':16S:GENL',
  ':22F::SETR/CUST/ABCD',
  ':35B:ISIN US0378331005',
  'APPLE INC',
  '-}{5:{CHK:123}}',
].join('\r\n');

describe('tokenizer and sequences', () => {
  it('reads the envelope of an input message', () => {
    expect(splitFin(message).envelope).toStrictEqual({
      direction: 'I',
      messageType: '542',
      senderBic: 'TBOBDEFFXXX',
      receiverBic: 'CUSTDEFFXXX',
    });
  });

  it('splits block 4 into fields with qualifier, data source scheme, continuation lines and line numbers', () => {
    expect(tokenizeBlock4(splitFin(message).block4)).toStrictEqual([
      { tag: '16R', value: 'GENL', line: 2 },
      { tag: '20C', qualifier: 'SEME', value: 'REF1', line: 3 },
      { tag: '16R', value: 'LINK', line: 4 },
      { tag: '20C', qualifier: 'PREV', value: 'REF0', line: 5 },
      { tag: '16S', value: 'LINK', line: 6 },
      { tag: '16S', value: 'GENL', line: 7 },
      { tag: '22F', qualifier: 'SETR', dataSourceScheme: 'CUST', value: 'ABCD', line: 8 },
      { tag: '35B', value: 'ISIN US0378331005\nAPPLE INC', line: 9 },
    ]);
  });

  it('nests sequences by 16R/16S', () => {
    const root = buildSequences(tokenizeBlock4(splitFin(message).block4));
    expect(root.fields.map((f) => f.tag)).toStrictEqual(['22F', '35B']);
    expect(root.sequences.map((s) => s.name)).toStrictEqual(['GENL']);
    const genl = root.sequences[0];
    expect(genl?.fields).toStrictEqual([{ tag: '20C', qualifier: 'SEME', value: 'REF1', line: 3 }]);
    expect(genl?.sequences.map((s) => [s.name, s.line])).toStrictEqual([['LINK', 4]]);
  });
});
