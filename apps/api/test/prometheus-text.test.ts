import { describe, expect, it } from 'vitest';
import { parsePrometheusText, sampleValue } from './prometheus-text.js';

// The test's own reader must refuse what the format forbids, or it would prove nothing.
describe('the strict Prometheus text reader', () => {
  const good = [
    '# HELP a_total Things, with a \\\\ and a \\n.',
    '# TYPE a_total counter',
    'a_total{route="/x/{id}",q="say \\"hi\\""} 3',
    '# TYPE h histogram',
    'h_bucket{le="0.5"} 1',
    'h_bucket{le="+Inf"} 2',
    'h_sum 0.75',
    'h_count 2',
    '',
  ].join('\n');

  it('reads the families, labels with escapes and histogram series', () => {
    const families = parsePrometheusText(good);
    expect(families.get('a_total')).toMatchObject({ type: 'counter', help: 'Things, with a \\ and a \n.' });
    expect(sampleValue(families, 'a_total', { route: '/x/{id}', q: 'say "hi"' })).toBe(3);
    expect(sampleValue(families, 'h_count')).toBe(2);
  });

  it.each([
    ['no final line feed', good.slice(0, -1)],
    ['a bad metric name', '1abc 1\n'],
    ['an unquoted label', 'a{b=c} 1\n'],
    ['a bad value', 'a 1,5\n'],
    ['two spaces', 'a  1\n'],
    ['an unknown type', '# TYPE a countr\na 1\n'],
    ['a TYPE after samples', 'a 1\n# TYPE a gauge\n'],
    ['a family in two groups', '# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\na 2\n'],
    [
      'buckets not cumulative',
      '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n',
    ],
    ['no +Inf bucket', '# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1\n'],
  ])('refuses %s', (_what, text) => {
    expect(() => parsePrometheusText(text)).toThrow();
  });
});
