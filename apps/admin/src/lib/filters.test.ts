import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FILTERS,
  exportHref,
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
      bic: 'DUMBZZ33XXX',
      reference: "REF/1 (a+b)?:'x'",
      from: '2026-01-01',
      to: '2026-02-28',
      deadline: 'AT_RISK',
      custodian: 'PEND',
      cancelling: true,
      exception: true,
      parked: true,
      sort: 'updated_at',
      order: 'ASC',
      after: 'WyIyMDI2LTAzLTAyIiwiYSJd',
      before: '',
      size: 50,
    };
    const search = serializeFilters(filters);
    expect(search.startsWith('?kind=ACCOUNT&tenant=')).toBe(true);
    expect(parseFilters(search)).toEqual(filters);
    expect(serializeFilters(parseFilters(search))).toBe(search);
  });

  it('drops invalid values back to their defaults', () => {
    const parsed = parseFilters(
      '?kind=BOTH&direction=SIDEWAYS&status=new;drop&from=2026-02-30&to=yesterday&sort=id&order=up&size=7&deadline=SOON&after=a%20b&cancelling=yes',
    );
    expect(parsed).toEqual(DEFAULT_FILTERS);
  });

  it('keeps an unknown but well-formed status: status lists grow', () => {
    expect(parseFilters('?status=ON_HOLD').status).toBe('ON_HOLD');
  });

  it('trims and bounds free text', () => {
    expect(parseFilters('?isin=%20US0378331005%20').isin).toBe('US0378331005');
    expect(parseFilters(`?reference=${'x'.repeat(300)}`).reference).toHaveLength(140);
  });

  it('starts again at the first page when a filter changes', () => {
    const paged = { ...DEFAULT_FILTERS, after: 'abc' };
    expect(withFilter(paged, { status: 'NEW' })).toMatchObject({ status: 'NEW', after: '', before: '' });
    expect(withFilter(paged, { after: 'def' }).after).toBe('def');
  });

  it('maps to the api input with a cursor and a limit; why-stuck filters only for securities', () => {
    expect(
      toListInput({ ...DEFAULT_FILTERS, status: 'PROCESSING', after: 'abc', deadline: 'OVERDUE' }),
    ).toEqual({
      kind: 'SECURITIES',
      tenant_id: undefined,
      direction: undefined,
      status: 'PROCESSING',
      user_id: undefined,
      account_id: undefined,
      isin: undefined,
      counterparty_bic: undefined,
      settlement_reference: undefined,
      created_from: undefined,
      created_to: undefined,
      deadline: 'OVERDUE',
      custodian_status: undefined,
      cancellation_pending: undefined,
      open_exception: undefined,
      parked: undefined,
      sort: 'created_at',
      order: 'DESC',
      after: 'abc',
      before: undefined,
      limit: 25,
    });
    expect(
      toListInput({ ...DEFAULT_FILTERS, kind: 'ACCOUNT', deadline: 'OVERDUE' }).deadline,
    ).toBeUndefined();
  });

  it('exports the view without its page', () => {
    expect(exportHref({ ...DEFAULT_FILTERS, direction: 'OUTGOING', cancelling: true, after: 'abc' })).toBe(
      '/admin/api/transfers.csv?kind=SECURITIES&direction=OUTGOING&cancellation_pending=true&sort=created_at&order=DESC',
    );
  });
});
