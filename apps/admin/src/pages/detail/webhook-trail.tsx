import { Fragment, useState } from 'react';
import type { WebhookAttempt, WebhookEvent } from '../../api-types.js';
import { EmptyState } from '../../components/states.js';
import { Time } from '../../components/time.js';
import { AttemptExchange } from './attempt-exchange.js';
import { RedeliverTransfer, type WebhookTarget } from './redeliver-transfer.js';

function DeliveryState({ event }: { event: WebhookEvent }) {
  if (event.deliveries.length === 0) return <span className="muted">not fanned out</span>;
  return (
    <ul className="plain">
      {event.deliveries.map((d) => (
        <li key={d.subscription_id}>
          <span
            className={`badge delivery-${d.state === 'delivered' ? 'ok' : d.attempts > 0 ? 'failing' : 'pending'}`}
          >
            {d.state === 'delivered' ? 'delivered' : d.attempts > 0 ? 'failing' : 'pending'}
          </span>{' '}
          <span className="muted small" title={d.url ?? d.subscription_id}>
            {d.url ?? d.subscription_id} · {d.attempts} attempt{d.attempts === 1 ? '' : 's'}
            {d.last_status_code ? ` · last HTTP ${d.last_status_code}` : ''}
            {d.state !== 'delivered' && d.attempts > 0 && (
              <>
                {' · next '}
                <Time value={d.next_attempt_at} />
              </>
            )}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** Events the object produced (outbox) with their deliveries, and the HTTP attempts that carried them. */
export function WebhookTrail({
  events,
  attempts,
  target,
}: {
  events: WebhookEvent[];
  attempts: WebhookAttempt[];
  target: WebhookTarget;
}) {
  const [opened, setOpened] = useState<ReadonlySet<number>>(new Set());
  const toggle = (id: number) =>
    setOpened((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  return (
    <>
      <RedeliverTransfer target={target} events={events} />
      {events.length === 0 ? (
        <EmptyState title="No events yet." />
      ) : (
        <div className="table-wrap">
          <table className="table table-compact" data-testid="events-table">
            <thead>
              <tr>
                <th>#</th>
                <th>Event</th>
                <th>Created</th>
                <th>Deliveries</th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.seq}>
                  <td className="mono muted">{event.seq}</td>
                  <td className="mono" title={event.id}>
                    {event.type}
                  </td>
                  <td className="nowrap">
                    <Time value={event.created_at} />
                  </td>
                  <td>
                    <DeliveryState event={event} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3 className="subheading">Delivery attempts</h3>
      {attempts.length === 0 ? (
        <p className="muted small">
          No HTTP attempts yet (no subscription, or the dispatcher has not sent these events).
        </p>
      ) : (
        <table className="table table-compact" data-testid="attempts-table">
          <thead>
            <tr>
              <th>When</th>
              <th>Result</th>
              <th className="num">Latency</th>
              <th>Error</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {attempts.map((a) => (
              <Fragment key={a.id}>
                <tr>
                  <td className="nowrap">
                    <Time value={a.attempted_at} />
                  </td>
                  <td>
                    <span
                      className={`badge ${a.status_code !== null && a.status_code < 300 ? 'delivery-ok' : 'delivery-failing'}`}
                    >
                      {a.status_code ?? 'no response'}
                    </span>
                  </td>
                  <td className="num">{a.latency_ms === null ? '—' : `${a.latency_ms} ms`}</td>
                  <td className="small">{a.error ?? ''}</td>
                  <td>
                    <button
                      type="button"
                      className="button button-small"
                      aria-expanded={opened.has(a.id)}
                      onClick={() => toggle(a.id)}
                    >
                      {opened.has(a.id) ? 'Hide' : 'Request / response'}
                    </button>
                  </td>
                </tr>
                {opened.has(a.id) && (
                  <tr className="exchange-row">
                    <td colSpan={5}>
                      <AttemptExchange id={a.id} />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
