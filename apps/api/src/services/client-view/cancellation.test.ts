import { describe, expect, it } from 'vitest';
import { cancellationOf, requesterOf } from './cancellation.js';
import { parentView } from './parent.js';

const AT = '2026-03-02T09:00:00.000Z';
const none = {
  cancellationRequestedAt: null,
  cancellationAskedAt: null,
  cancellationRequestedBy: null,
  cancellationReasonCode: null,
  cancellationDeniedAt: null,
  cancellationDenialReason: null,
};

describe('cancellation as clients see it', () => {
  it('is absent until somebody asks', () => {
    expect(cancellationOf({ ...none, status: 'PROCESSING' })).toBeUndefined();
    expect(cancellationOf({ ...none, status: 'CANCELLED' })).toBeUndefined();
  });

  it('follows a request through the custodian: REQUESTED, DENIED (kept after the pending flag ends), DONE', () => {
    const asked = {
      ...none,
      cancellationRequestedAt: AT,
      cancellationAskedAt: AT,
      cancellationRequestedBy: 'CLIENT',
    };
    expect(cancellationOf({ ...asked, status: 'PROCESSING' })).toEqual({
      requested_at: AT,
      requested_by: 'CLIENT',
      state: 'REQUESTED',
    });
    const denied = {
      ...asked,
      cancellationRequestedAt: null,
      cancellationDeniedAt: '2026-03-03T09:00:00.000Z',
      cancellationDenialReason: 'DPRG: SETTLEMENT IN PROGRESS',
    };
    expect(cancellationOf({ ...denied, status: 'PROCESSING' })).toEqual({
      requested_at: AT,
      requested_by: 'CLIENT',
      state: 'DENIED',
      reason: 'DPRG: SETTLEMENT IN PROGRESS',
    });
    expect(cancellationOf({ ...asked, status: 'SETTLED' })?.state).toBe('DENIED');
    expect(cancellationOf({ ...asked, status: 'CANCELLED' })?.state).toBe('DONE');
  });

  it('names the system and its reason for an expiry withdrawal, and who asked from the actor', () => {
    const expiry = {
      ...none,
      cancellationRequestedAt: AT,
      cancellationAskedAt: AT,
      cancellationRequestedBy: 'SYSTEM',
      cancellationReasonCode: 'EXPIRED',
    };
    expect(cancellationOf({ ...expiry, status: 'PROCESSING' })).toEqual({
      requested_at: AT,
      requested_by: 'SYSTEM',
      state: 'REQUESTED',
      reason: 'EXPIRED',
    });
    expect([
      requesterOf('client:abc'),
      requesterOf('operator:ops@example.com'),
      requesterOf('system'),
    ]).toEqual(['CLIENT', 'OPERATOR', 'SYSTEM']);
  });
});

describe('an account transfer’s own fields', () => {
  const deadline = (date: string, state: 'ON_TRACK' | 'AT_RISK' | 'OVERDUE') =>
    ({ kind: 'TRANSFER_LIMIT', date, state }) as const;

  it('takes the earliest open date with the worst state, and a pending cancellation before a denied one', () => {
    const view = parentView('PROCESSING', [
      { status: 'PROCESSING', deadline: deadline('2026-03-23', 'AT_RISK') },
      { status: 'SETTLED' },
      {
        status: 'PROCESSING',
        deadline: deadline('2026-03-22', 'ON_TRACK'),
        cancellation: { requested_at: '2026-03-05T00:00:00.000Z', requested_by: 'CLIENT', state: 'DENIED' },
      },
      {
        status: 'PROCESSING',
        deadline: deadline('2026-03-23', 'ON_TRACK'),
        cancellation: {
          requested_at: '2026-03-06T00:00:00.000Z',
          requested_by: 'CLIENT',
          state: 'REQUESTED',
        },
      },
    ]);
    expect(view).toEqual({
      deadline: deadline('2026-03-22', 'AT_RISK'),
      cancellation: { requested_at: '2026-03-05T00:00:00.000Z', requested_by: 'CLIENT', state: 'REQUESTED' },
    });
  });

  it('takes the reason of the first instrument of its status that has one', () => {
    const view = parentView('CANCELLED', [
      {
        status: 'CANCELLED',
        status_reason: { code: 'INSUFFICIENT_POSITION', text: '30 requested, 25 available' },
      },
      { status: 'CANCELLED', status_reason: { code: 'CLIENT_CANCELLED', text: 'x' } },
    ]);
    expect(view.status_reason?.code).toBe('INSUFFICIENT_POSITION');
    expect(parentView('SETTLED', [{ status: 'SETTLED' }])).toEqual({});
  });
});
