/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4),
 * written from the format's rules, independent of prom-client's encoder:
 * any line it cannot place is an error, not skipped.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  help: string | undefined;
  samples: Sample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

function parseValue(text: string, line: number): number {
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  if (text === 'NaN') return Number.NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text))
    throw new Error(`line ${line}: bad value ${text}`);
  return Number(text);
}

/** Label set `{a="x",b="y"}` starting at `at`; returns the labels and the index after `}`. */
function parseLabels(
  text: string,
  at: number,
  line: number,
): { labels: Record<string, string>; end: number } {
  const labels: Record<string, string> = {};
  let i = at + 1;
  while (text[i] !== '}') {
    const eq = text.indexOf('=', i);
    if (eq === -1) throw new Error(`line ${line}: label without =`);
    const name = text.slice(i, eq);
    if (!LABEL_NAME.test(name)) throw new Error(`line ${line}: bad label name ${name}`);
    if (name in labels) throw new Error(`line ${line}: label ${name} repeated`);
    if (text[eq + 1] !== '"') throw new Error(`line ${line}: label value not quoted`);
    let value = '';
    let j = eq + 2;
    for (; j < text.length && text[j] !== '"'; j++) {
      if (text[j] !== '\\') {
        value += text[j];
        continue;
      }
      const next = text[++j];
      if (next === '\\' || next === '"') value += next;
      else if (next === 'n') value += '\n';
      else throw new Error(`line ${line}: bad escape \\${next}`);
    }
    if (j >= text.length) throw new Error(`line ${line}: unterminated label value`);
    labels[name] = value;
    i = j + 1;
    if (text[i] === ',') i++;
    else if (text[i] !== '}') throw new Error(`line ${line}: expected , or } after label ${name}`);
  }
  return { labels, end: i + 1 };
}

/** The family a sample belongs to: histograms and summaries own their _bucket/_sum/_count series. */
function familyOf(sample: string, families: Map<string, Family>): Family | undefined {
  const own = families.get(sample);
  if (own) return own;
  for (const suffix of ['_bucket', '_sum', '_count']) {
    if (!sample.endsWith(suffix)) continue;
    const base = families.get(sample.slice(0, -suffix.length));
    if (base && (base.type === 'histogram' || (base.type === 'summary' && suffix !== '_bucket'))) return base;
  }
  return undefined;
}

function checkHistogram(family: Family): void {
  const series = new Map<string, Sample[]>();
  for (const s of family.samples) {
    const { le: _le, ...rest } = s.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    series.set(key, [...(series.get(key) ?? []), s]);
  }
  for (const samples of series.values()) {
    const buckets = samples.filter((s) => s.name === `${family.name}_bucket`);
    const count = samples.find((s) => s.name === `${family.name}_count`);
    if (!samples.some((s) => s.name === `${family.name}_sum`) || count === undefined) {
      throw new Error(`${family.name}: a series lacks _sum or _count`);
    }
    let previous = { le: Number.NEGATIVE_INFINITY, value: 0 };
    for (const b of buckets) {
      const le = parseValue(b.labels.le ?? '', 0);
      if (le <= previous.le || b.value < previous.value)
        throw new Error(`${family.name}: buckets not cumulative`);
      previous = { le, value: b.value };
    }
    if (previous.le !== Number.POSITIVE_INFINITY || previous.value !== count.value) {
      throw new Error(`${family.name}: the +Inf bucket must exist and equal _count`);
    }
  }
}

export function parsePrometheusText(text: string): Map<string, Family> {
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a line feed');
  const families = new Map<string, Family>();
  const closed = new Set<string>();
  let current: Family | undefined;
  const lines = text.slice(0, -1).split('\n');
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    if (raw.startsWith('#')) {
      const match = /^# (HELP|TYPE) (\S+)(?: (.*))?$/.exec(raw);
      if (!match) return; // a plain comment
      const [, keyword, name = '', rest = ''] = match;
      if (!METRIC_NAME.test(name)) throw new Error(`line ${line}: bad metric name ${name}`);
      if (closed.has(name)) throw new Error(`line ${line}: ${name} appears in two groups`);
      let family = families.get(name);
      if (family && family.samples.length > 0)
        throw new Error(`line ${line}: ${keyword} after samples of ${name}`);
      if (!family) {
        if (current) closed.add(current.name);
        family = { name, type: 'untyped', help: undefined, samples: [] };
        families.set(name, family);
        current = family;
      }
      if (keyword === 'TYPE') {
        if (!TYPES.has(rest)) throw new Error(`line ${line}: unknown type ${rest}`);
        family.type = rest as Family['type'];
      } else {
        if (family.help !== undefined) throw new Error(`line ${line}: second HELP for ${name}`);
        family.help = rest.replace(/\\n/g, '\n').replace(/\\\\/g, '\\');
      }
      return;
    }
    const nameEnd = raw.search(/[{ ]/);
    if (nameEnd === -1) throw new Error(`line ${line}: a sample needs a value`);
    const name = raw.slice(0, nameEnd);
    if (!METRIC_NAME.test(name)) throw new Error(`line ${line}: bad metric name ${name}`);
    let labels: Record<string, string> = {};
    let rest = raw.slice(nameEnd);
    if (rest.startsWith('{')) {
      const parsed = parseLabels(raw, nameEnd, line);
      labels = parsed.labels;
      rest = raw.slice(parsed.end);
    }
    const parts = rest.split(' ');
    if (parts[0] !== '' || parts.length < 2 || parts.length > 3 || parts[1] === '') {
      throw new Error(`line ${line}: expected one space, a value and an optional timestamp`);
    }
    if (parts[2] !== undefined && !/^-?\d+$/.test(parts[2])) throw new Error(`line ${line}: bad timestamp`);
    const family = familyOf(name, families) ?? {
      name,
      type: 'untyped' as const,
      help: undefined,
      samples: [],
    };
    if (!families.has(family.name)) families.set(family.name, family);
    if (family !== current) {
      if (closed.has(family.name)) throw new Error(`line ${line}: ${family.name} appears in two groups`);
      if (current) closed.add(current.name);
      current = family;
    }
    family.samples.push({ name, labels, value: parseValue(parts[1] ?? '', line) });
  });
  for (const family of families.values()) if (family.type === 'histogram') checkHistogram(family);
  return families;
}

/** The value of the one sample with exactly these labels (0 when the series is absent). */
export function sampleValue(
  families: Map<string, Family>,
  name: string,
  labels: Record<string, string> = {},
): number {
  for (const family of families.values()) {
    for (const s of family.samples) {
      if (s.name !== name) continue;
      const keys = Object.keys(labels);
      if (keys.length === Object.keys(s.labels).length && keys.every((k) => s.labels[k] === labels[k])) {
        return s.value;
      }
    }
  }
  return 0;
}
