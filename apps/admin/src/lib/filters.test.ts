import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FILTERS,
  parseFilters,
  serializeFilters,
  type TransferFilters,
  toListInput,
  withFilter,
} from './filters.js';

describe('transfer filters ⇄ URL', () => {
  it('gives the defaults for an empty query and writes nothing for them', () => {
    expect(parseFilters('')).toEqual(DEFAULT_FILTERS);
    expect(serializeFilters(DEFAULT_FILTERS)).toBe('');
  });

  it('round-trips every filter', () => {
    const filters: TransferFilters = {
      kind: 'ACCOUNT',
      tenant: '0b7c7e4e-5d0a-4c57-9a55-6f0d2a3f1a01',
      direction: 'OUTGOING',
      status: 'PARTIALLY_SETTLED',
      user: '7e9a0529-d289-4f4a-ae01-c2cd013d582e',
      account: 'd396b7c3-aa67-488a-8e39-4a1a7cbeb9f4',
      isin: 'US0378331005',
      reference: "REF/1 (a+b)?:'x'",
      from: '2026-01-01',
      to: '2026-02-28',
      sort: 'updated_at',
      order: 'ASC',
      page: 3,
      size: 50,
    };
    const search = serializeFilters(filters);
    expect(search.startsWith('?kind=ACCOUNT&tenant=')).toBe(true);
    expect(parseFilters(search)).toEqual(filters);
    expect(serializeFilters(parseFilters(search))).toBe(search);
  });

  it('drops invalid values back to their defaults', () => {
    const parsed = parseFilters(
      '?kind=BOTH&direction=SIDEWAYS&status=new;drop&from=2026-02-30&to=yesterday&sort=id&order=up&page=-2&size=7',
    );
    expect(parsed).toEqual(DEFAULT_FILTERS);
    expect(parseFilters('?page=1.5').page).toBe(1);
    expect(parseFilters('?page=abc').page).toBe(1);
  });

  it('keeps an unknown but well-formed status: status lists grow', () => {
    expect(parseFilters('?status=ON_HOLD').status).toBe('ON_HOLD');
  });

  it('trims and bounds free text', () => {
    expect(parseFilters('?isin=%20US0378331005%20').isin).toBe('US0378331005');
    expect(parseFilters(`?reference=${'x'.repeat(300)}`).reference).toHaveLength(140);
  });

  it('starts again at page 1 when a filter changes', () => {
    const onPage4 = { ...DEFAULT_FILTERS, page: 4 };
    expect(withFilter(onPage4, { status: 'NEW' })).toMatchObject({ status: 'NEW', page: 1 });
    expect(withFilter(onPage4, { page: 5 }).page).toBe(5);
  });

  it('maps to the api input with offset and limit', () => {
    expect(toListInput({ ...DEFAULT_FILTERS, status: 'NEW', page: 3 })).toEqual({
      kind: 'SECURITIES',
      tenant_id: undefined,
      direction: undefined,
      status: 'NEW',
      user_id: undefined,
      account_id: undefined,
      isin: undefined,
      settlement_reference: undefined,
      created_from: undefined,
      created_to: undefined,
      sort: 'created_at',
      order: 'DESC',
      offset: 50,
      limit: 25,
    });
  });
});
