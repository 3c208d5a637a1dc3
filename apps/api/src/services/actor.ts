import type { Actor } from '../context.js';

/** How an actor is written in the history and audit trail. */
export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'client':
      return `client:${actor.clientId}`;
    case 'operator':
      return `operator:${actor.email}`;
    case 'service':
      return actor.name;
    default:
      return 'system';
  }
}
