/** An outbox row as the dispatcher reads it. */
export interface OutboxEventText {
  seq: number;
  id: string;
  type: string;
  createdAt: string;
  /** The resource as GET returned it, already JSON. */
  payload: string;
}

/**
 * `{ id, created_at, type, object, webhook_id }` as JSON text: the stored
 * payload is spliced in as is, so a bundle costs no re-parse of 100 objects.
 */
export function eventJson(event: OutboxEventText, webhookId: string): string {
  return `{"id":${JSON.stringify(event.id)},"created_at":${JSON.stringify(event.createdAt)},"type":${JSON.stringify(event.type)},"object":${event.payload},"webhook_id":${JSON.stringify(webhookId)}}`;
}

/** The delivery body `{"payload":[…]}`, events in outbox order. */
export function deliveryBody(events: readonly OutboxEventText[], webhookId: string): string {
  return `{"payload":[${events.map((event) => eventJson(event, webhookId)).join(',')}]}`;
}
