import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CounterpartySchema } from './counterparty.js';
import { NAME_LINE_LENGTH, NAME_MAX_LINES, splitCounterpartyName } from './counterparty-name.js';

const lettersOnly = (text: string) => text.replaceAll(' ', '');

describe('splitCounterpartyName', () => {
  it('keeps a short name on one line', () => {
    expect(splitCounterpartyName('Max Mustermann')).toEqual(['Max Mustermann']);
    expect(splitCounterpartyName('')).toEqual([]);
    expect(splitCounterpartyName('   ')).toEqual([]);
  });

  it('splits on spaces, filling each line up to 35 characters', () => {
    const name = 'Maximilian Alexander Friedrich von Mustermann-Musterfrau zu Beispielstadt';
    const lines = splitCounterpartyName(name);
    expect(lines).toEqual([
      'Maximilian Alexander Friedrich von',
      'Mustermann-Musterfrau zu',
      'Beispielstadt',
    ]);
    expect(lines[0]).toHaveLength(34); // "Mustermann-Musterfrau" would make it 56
  });

  it('a line may be exactly 35 characters', () => {
    const first = `${'A'.repeat(17)} ${'B'.repeat(17)}`; // 35
    expect(splitCounterpartyName(`${first} C`)).toEqual([first, 'C']);
  });

  it('collapses repeated spaces', () => {
    expect(splitCounterpartyName('  Max   Mustermann  ')).toEqual(['Max Mustermann']);
  });

  it('a 140-character name may fit 4 x 35 exactly', () => {
    // 20 words of 6 characters, 19 spaces and one more letter: 140 characters.
    const name = `${Array.from({ length: 20 }, (_, i) => `Word${String(i).padStart(2, '0')}`).join(' ')}X`;
    expect(name).toHaveLength(140);
    expect(splitCounterpartyName(name)).toEqual([
      'Word00 Word01 Word02 Word03 Word04',
      'Word05 Word06 Word07 Word08 Word09',
      'Word10 Word11 Word12 Word13 Word14',
      'Word15 Word16 Word17 Word18 Word19X',
    ]);
  });

  it('drops the tail of a valid 140-character name that does not fit in 4 x 35', () => {
    // Two 20-character words never share a line, so 4 lines hold 4 of the 7 words.
    const words = ['A', 'B', 'C', 'D', 'E', 'F'].map((letter) => letter.repeat(20));
    const name = `${words.join(' ')} ${'G'.repeat(14)}`;
    expect(name).toHaveLength(140);
    expect(CounterpartySchema.safeParse({ bic: 'ABCDDEFFXXX', name }).success).toBe(true);
    expect(splitCounterpartyName(name)).toEqual(words.slice(0, 4));
  });

  it('loses whole words, never part of a word that fits on a line', () => {
    const lines = splitCounterpartyName(
      `${'A'.repeat(35)} ${'B'.repeat(35)} ${'C'.repeat(35)} ${'D'.repeat(30)} EEEEEE`,
    );
    expect(lines).toEqual(['A'.repeat(35), 'B'.repeat(35), 'C'.repeat(35), 'D'.repeat(30)]);
  });

  it('cuts a single word longer than a line at 35 characters', () => {
    const word = 'X'.repeat(50);
    expect(splitCounterpartyName(word)).toEqual(['X'.repeat(35), 'X'.repeat(15)]);
    expect(splitCounterpartyName(`Mr ${word}`)).toEqual(['Mr', 'X'.repeat(35), 'X'.repeat(15)]);
    expect(splitCounterpartyName('Y'.repeat(200))).toEqual(Array.from({ length: 4 }, () => 'Y'.repeat(35)));
  });

  it('invariants hold for any SWIFT-charset name', () => {
    const word = fc.string({
      unit: fc.constantFrom(..."ABCxyz019+?/-:().,'".split('')),
      minLength: 1,
      maxLength: 45,
    });
    const spaces = fc.string({ unit: fc.constant(' '), minLength: 1, maxLength: 3 });
    const name = fc
      .tuple(fc.array(fc.tuple(word, spaces), { maxLength: 25 }), fc.boolean())
      .map(([parts, leadingSpace]) => (leadingSpace ? ' ' : '') + parts.map(([w, s]) => w + s).join(''));

    fc.assert(
      fc.property(name, (input) => {
        const lines = splitCounterpartyName(input);
        // At most 4 lines, each 1..35 characters, words separated by one space.
        expect(lines.length).toBeLessThanOrEqual(NAME_MAX_LINES);
        for (const line of lines) {
          expect(line.length).toBeGreaterThan(0);
          expect(line.length).toBeLessThanOrEqual(NAME_LINE_LENGTH);
          expect(line).toBe(line.trim());
          expect(line).not.toContain('  ');
        }
        // Only the tail is dropped: the kept characters are a prefix of the name.
        expect(lettersOnly(input).startsWith(lettersOnly(lines.join('')))).toBe(true);
        // Nothing is dropped while lines are left.
        if (lines.length < NAME_MAX_LINES) expect(lettersOnly(lines.join(''))).toBe(lettersOnly(input));
        // Greedy: the first word of each line did not fit on the line before.
        for (let i = 1; i < lines.length; i++) {
          const firstWord = lines[i]?.split(' ')[0] ?? '';
          expect((lines[i - 1]?.length ?? 0) + 1 + firstWord.length).toBeGreaterThan(NAME_LINE_LENGTH);
        }
        // A name whose words fit on one line comes back as that line.
        const normalised = input.trim().split(/ +/).filter(Boolean).join(' ');
        if (normalised.length <= NAME_LINE_LENGTH) expect(lines).toEqual(normalised ? [normalised] : []);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('CounterpartySchema: what a settlement instruction can carry', () => {
  const parse = (counterparty: Record<string, string>) =>
    CounterpartySchema.safeParse({ bic: 'DUMBZZ33XXX', ...counterparty });

  it('removes spaces around the name and the account number', () => {
    expect(parse({ name: ' Max Mustermann  ', account_number: ' 12345 ' }).data).toEqual({
      bic: 'DUMBZZ33XXX',
      name: 'Max Mustermann',
      account_number: '12345',
    });
  });

  it('refuses an empty (or only spaces) name or account number', () => {
    const cases: Record<string, string>[] = [
      { name: '' },
      { name: '   ' },
      { account_number: '' },
      { account_number: ' ' },
    ];
    for (const counterparty of cases) {
      const issues = parse(counterparty).error?.issues ?? [];
      expect(issues.map((i) => [i.path.join('.'), i.message])).toEqual([
        [Object.keys(counterparty)[0], 'must not be empty'],
      ]);
    }
  });

  it("refuses a name whose continuation line would start with ':' or '-'", () => {
    for (const [name, start] of [
      [`${'A'.repeat(30)} :Holding`, ':'],
      [`${'A'.repeat(30)} -Holding`, '-'],
    ] as const) {
      const issues = parse({ name }).error?.issues ?? [];
      expect(issues).toHaveLength(1);
      expect(issues[0]?.path).toEqual(['name']);
      expect(issues[0]?.message).toContain(`line 2 of the name`);
      expect(issues[0]?.message).toContain(`would start with '${start}'`);
    }
    // The first line follows the field's qualifier and may start with either.
    expect(parse({ name: '-Holding :GmbH' }).success).toBe(true);
  });
});
