// The seed documents' webhook section is the spec of the event envelope: its
// example must parse unchanged with every schema a client reads events with
// (a delivery, the event log), and its list of event types is ours.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  describeIssues,
  EventLogEntrySchema,
  EventLogResponseSchema,
  SECURITIES_TRANSFER_EVENT_TYPES,
  WebhookDeliveryBodySchema,
  WebhookEventSchema,
  WebhookSchema,
} from '../src/index.js';
import { classifyExample, type JsonObject, readSeedExamples, SEEDS_DIR } from './seed-examples.js';

const SECURITIES_REFERENCE = '004_6259821da05fb747.txt';

function seedEvent(): JsonObject {
  const events = readSeedExamples().filter((e) => classifyExample(e.value) === 'webhook-event');
  expect(events.map((e) => `${e.file}:${e.line}`)).toEqual([`${SECURITIES_REFERENCE}:511`]);
  const [event] = events;
  if (!event) throw new Error('the seeds hold no webhook event');
  return event.value;
}

function parsed(schema: z.ZodType, value: unknown) {
  const result = schema.safeParse(value);
  return { issues: result.success ? [] : describeIssues(result.error), data: result.data };
}

/** The bullet list under "Event type" in the seed's webhook section. */
function seedEventTypes(): string[] {
  const text = readFileSync(join(SEEDS_DIR, SECURITIES_REFERENCE), 'utf8');
  const section = text.slice(text.indexOf('Securities Transfers events'));
  const list = section.slice(section.indexOf('Event type'), section.indexOf('objectobject'));
  return [...list.matchAll(/•\s*([A-Z_]+\.[A-Z_]+)/g)].map((m) => m[1] ?? '');
}

describe('the seed webhook event', () => {
  it('names exactly the securities transfer event types the contracts know', () => {
    expect(seedEventTypes()).toEqual([...SECURITIES_TRANSFER_EVENT_TYPES]);
  });

  it('parses unchanged as a webhook event and inside a delivery body', () => {
    const event = seedEvent();
    expect(parsed(WebhookEventSchema, event)).toEqual({ issues: [], data: event });
    expect(parsed(WebhookDeliveryBodySchema, { payload: [event, event] })).toEqual({
      issues: [],
      data: { payload: [event, event] },
    });
  });

  it('parses unchanged as an event log entry, with and without the subscription id', () => {
    const event = seedEvent();
    expect(parsed(EventLogEntrySchema, event)).toEqual({ issues: [], data: event });
    const { webhook_id: _subscription, ...unstamped } = event;
    expect(parsed(EventLogEntrySchema, unstamped)).toEqual({ issues: [], data: unstamped });
    const page = { data: [event, unstamped], next_cursor: 'c2VxOjQy', has_more: false };
    expect(parsed(EventLogResponseSchema, page)).toEqual({ issues: [], data: page });
  });

  it('its webhook_id is a subscription id as the subscription resource carries it', () => {
    const event = seedEvent();
    const subscription = {
      id: event.webhook_id,
      url: 'https://client.example/hooks',
      event_types: ['SECURITIES_TRANSFER.NEW'],
      enabled: true,
      created_at: event.created_at,
      updated_at: event.created_at,
    };
    expect(parsed(WebhookSchema, subscription)).toEqual({ issues: [], data: subscription });
  });

  it('an entry whose object does not fit its type is refused, naming the field', () => {
    const event = seedEvent();
    const object = event.object as JsonObject;
    expect(parsed(EventLogEntrySchema, { ...event, object: { ...object, quantity: '1,5' } }).issues).toEqual([
      { name: 'object.quantity', reason: expect.stringMatching(/^must /) },
    ]);
    // A securities transfer is not an account transfer's payload.
    expect(
      parsed(EventLogEntrySchema, { ...event, type: 'ACCOUNT_TRANSFER.NEW' }).issues.map((i) => i.name),
    ).toContain('object.instruments');
    expect(parsed(EventLogEntrySchema, { ...event, type: 'SECURITIES_TRANSFER.GONE' }).issues).toEqual([
      { name: 'type', reason: expect.stringContaining('must be one of SECURITIES_TRANSFER.NEW') },
    ]);
  });
});
