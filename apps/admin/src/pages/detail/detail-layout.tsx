import type { ComponentProps, ReactNode } from 'react';
import { FieldList } from '../../components/field-list.js';
import type { WebhookTarget } from './redeliver-transfer.js';
import { Timeline } from './timeline.js';
import { WebhookTrail } from './webhook-trail.js';

interface DetailLayoutProps {
  /** Sections above the details (e.g. an account transfer's children). */
  before?: ReactNode;
  fields: ComponentProps<typeof FieldList>['fields'];
  events: ComponentProps<typeof WebhookTrail>['events'];
  attempts: ComponentProps<typeof WebhookTrail>['attempts'];
  /** The transfer whose events can be redelivered from here. */
  target: WebhookTarget;
  /** The operator actions card. */
  actions: ReactNode;
  history: ComponentProps<typeof Timeline>['entries'];
}

/** The body every transfer detail page shares: details and webhooks on the left, actions and timeline on the right. */
export function DetailLayout({
  before,
  fields,
  events,
  attempts,
  target,
  actions,
  history,
}: DetailLayoutProps) {
  return (
    <div className="detail-grid">
      <div className="detail-main">
        {before}
        <section className="card">
          <h2>Details</h2>
          <FieldList fields={fields} />
        </section>
        <section className="card">
          <h2>Webhook events</h2>
          <WebhookTrail events={events} attempts={attempts} target={target} />
        </section>
      </div>
      <aside className="detail-side">
        {actions}
        <section className="card">
          <h2>Status timeline</h2>
          <Timeline entries={history} />
        </section>
      </aside>
    </div>
  );
}
