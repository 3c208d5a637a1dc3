import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { describeIssues } from './issues.js';
import { RedeliverRequestSchema } from './webhook-redeliver.js';
import { CreateWebhookRequestSchema, UpdateWebhookRequestSchema } from './webhook-subscription.js';

const issues = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  return result.success ? [] : describeIssues(result.error);
};

describe('webhook subscription requests', () => {
  it('a create request needs a url; event types and enabled are optional', () => {
    expect(issues(CreateWebhookRequestSchema, { url: 'https://client.example/hooks' })).toEqual([]);
    expect(
      issues(CreateWebhookRequestSchema, {
        url: 'https://client.example/hooks',
        event_types: ['SECURITIES_TRANSFER.SETTLED', 'ACCOUNT_TRANSFER.PARTIALLY_SETTLED'],
        enabled: false,
      }),
    ).toEqual([]);
    expect(issues(CreateWebhookRequestSchema, {}).map((i) => i.name)).toEqual(['url']);
    expect(issues(CreateWebhookRequestSchema, { url: '' })).toEqual([
      { name: 'url', reason: 'must not be empty' },
    ]);
  });

  it('names the field of a wrong event type, a stray field and a non-boolean enabled', () => {
    expect(
      issues(CreateWebhookRequestSchema, {
        url: 'https://client.example/hooks',
        event_types: ['SECURITIES_TRANSFER.NEW', 'ACCOUNT_TRANSFER.DATA_CHANGED'],
        enabled: 'yes',
        secret: 'x',
      }).map((i) => i.name),
    ).toEqual(expect.arrayContaining(['event_types[1]', 'enabled', 'secret']));
  });

  it('a change must name at least one field, and only known ones', () => {
    expect(issues(UpdateWebhookRequestSchema, { enabled: false })).toEqual([]);
    expect(issues(UpdateWebhookRequestSchema, {})).toEqual([
      { name: '(body)', reason: 'must change at least one of url, event_types, enabled' },
    ]);
    expect(issues(UpdateWebhookRequestSchema, { id: 'x', enabled: true }).map((i) => i.name)).toEqual(['id']);
  });

  it('a redeliver request is one event or every failure since a time, not both', () => {
    expect(issues(RedeliverRequestSchema, { event_id: 'B5D0D9D0-BB8E-48B4-B2AF-11DF2B522353' })).toEqual([]);
    expect(RedeliverRequestSchema.parse({ event_id: 'B5D0D9D0-BB8E-48B4-B2AF-11DF2B522353' })).toEqual({
      event_id: 'b5d0d9d0-bb8e-48b4-b2af-11df2b522353',
    });
    expect(issues(RedeliverRequestSchema, { since: '2024-01-22T14:10:00.00Z' })).toEqual([]);
    expect(
      issues(RedeliverRequestSchema, {
        event_id: 'b5d0d9d0-bb8e-48b4-b2af-11df2b522353',
        since: '2024-01-22',
      }),
    ).not.toEqual([]);
  });
});
