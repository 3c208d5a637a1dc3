import { describe, expect, it } from 'vitest';
import { type CancellableTransfer, childrenToCancel, decideCancellation } from './cancellation.js';
import { MAX_CANCELLATION_DENIALS } from './cancellation-limit.js';
import { refusalOf as refusal } from './refusal.test-support.js';

const transfer = (over: Partial<CancellableTransfer>): CancellableTransfer => ({
  id: 't-1',
  status: 'NEW',
  cancellationRequestedAt: null,
  cancellationDenials: 0,
  ...over,
});

describe('decideCancellation (who asks, in which state)', () => {
  it('cancels a NEW transfer at once, naming who asked', () => {
    expect(decideCancellation(transfer({}), 'client')).toEqual({
      kind: 'cancel',
      reasonCode: 'CANCELLED_BY_REQUEST',
    });
    expect(decideCancellation(transfer({}), 'operator')).toEqual({
      kind: 'cancel',
      reasonCode: 'CANCELLED_BY_OPERATOR',
    });
  });

  it('asks the custodian for a PROCESSING one', () => {
    const processing = transfer({ status: 'PROCESSING' });
    expect(decideCancellation(processing, 'client')).toMatchObject({
      kind: 'request',
      reasonCode: 'CANCELLATION_REQUESTED',
    });
    expect(decideCancellation(processing, 'operator')).toMatchObject({
      kind: 'request',
      reasonCode: 'CANCELLATION_REQUESTED_BY_OPERATOR',
    });
  });

  it('answers a client retry unchanged while a request is open, but refuses an operator', () => {
    const requested = transfer({ status: 'PROCESSING', cancellationRequestedAt: '2026-12-04T10:00:00.000Z' });
    expect(decideCancellation(requested, 'client')).toEqual({ kind: 'unchanged' });
    expect(refusal(() => decideCancellation(requested, 'operator'))).toMatch(
      /^TRANSITION_NOT_ALLOWED: cancellation of t-1 is already requested at the custodian/,
    );
  });

  it('refuses a final transfer for everyone', () => {
    for (const status of ['SETTLED', 'CANCELLED'] as const) {
      for (const by of ['client', 'operator'] as const) {
        expect(refusal(() => decideCancellation(transfer({ status }), by))).toBe(
          `TRANSITION_NOT_ALLOWED: securities transfer t-1 is ${status} and can no longer be cancelled`,
        );
      }
    }
  });

  it('stops asking after the custodian refused as often as there are references', () => {
    const refused = (denials: number) => transfer({ status: 'PROCESSING', cancellationDenials: denials });
    expect(decideCancellation(refused(MAX_CANCELLATION_DENIALS - 1), 'client').kind).toBe('request');
    expect(refusal(() => decideCancellation(refused(MAX_CANCELLATION_DENIALS), 'client'))).toMatch(
      /operations must arrange a further one$/,
    );
  });
});

describe('childrenToCancel (an account transfer)', () => {
  const parent = { id: 'a-1', status: 'PROCESSING' };
  const children = [
    transfer({ id: 'new' }),
    transfer({ id: 'processing', status: 'PROCESSING' }),
    transfer({ id: 'requested', status: 'PROCESSING', cancellationRequestedAt: '2026-12-04T10:00:00.000Z' }),
    transfer({ id: 'settled', status: 'SETTLED' }),
  ];

  it('acts on every unfinished child for a client, on those with nothing open for an operator', () => {
    expect(childrenToCancel(parent, children, 'client').map((c) => c.id)).toEqual([
      'new',
      'processing',
      'requested',
    ]);
    expect(childrenToCancel(parent, children, 'operator').map((c) => c.id)).toEqual(['new', 'processing']);
  });

  it('refuses when nothing is left to cancel', () => {
    const done = [transfer({ id: 'settled', status: 'SETTLED' })];
    expect(refusal(() => childrenToCancel({ id: 'a-1', status: 'SETTLED' }, done, 'client'))).toBe(
      'TRANSITION_NOT_ALLOWED: account transfer a-1 is SETTLED and can no longer be cancelled',
    );
    const onlyRequested = [children[2] as CancellableTransfer];
    expect(refusal(() => childrenToCancel(parent, onlyRequested, 'operator'))).toBe(
      'TRANSITION_NOT_ALLOWED: account transfer a-1 has nothing left to cancel',
    );
  });
});
