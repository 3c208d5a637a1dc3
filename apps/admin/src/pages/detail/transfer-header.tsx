import type { ReactNode } from 'react';
import type { DeadlineState } from '../../api-types.js';
import { DeadlineBadge, DirectionLabel, StatusBadge } from '../../components/badges.js';
import { LiveIndicator } from '../../components/states.js';
import { formatDate } from '../../lib/format.js';
import { Link } from '../../router/navigation.js';
import { paths } from '../../router/routes.js';

export function TransferHeader(props: {
  title: string;
  id: string;
  status: string;
  direction: string;
  tenantName: string;
  deadline: DeadlineState;
  updatedAt: number;
  fetching: boolean;
  extra?: ReactNode;
}) {
  const { deadline } = props;
  return (
    <div className="detail-header">
      <nav className="breadcrumbs" aria-label="Breadcrumbs">
        <Link to={paths.transfers()}>Transfers</Link> <span aria-hidden="true">/</span> {props.title}
      </nav>
      <div className="page-header">
        <div>
          <h1>
            {props.title} <span className="mono id">{props.id}</span>
          </h1>
          <div className="header-badges">
            <span data-testid="transfer-status">
              <StatusBadge status={props.status} />
            </span>
            <DirectionLabel direction={props.direction} />
            <span className="muted">{props.tenantName}</span>
            {deadline.flag !== 'DONE' && (
              <span title={`Due ${formatDate(deadline.due_date)}`}>
                <DeadlineBadge flag={deadline.flag} daysLeft={deadline.days_left} />
              </span>
            )}
            {props.extra}
          </div>
        </div>
        <LiveIndicator updatedAt={props.updatedAt} fetching={props.fetching} />
      </div>
    </div>
  );
}
