import type { ReactNode } from 'react';
import { Link } from '../router/navigation.js';
import { paths } from '../router/routes.js';
import { useSession } from '../session/session-context.js';

const NAV = [
  { key: 'transfers', label: 'Transfers', to: paths.transfers() },
  { key: 'deadlines', label: 'Deadlines', to: paths.deadlines() },
  { key: 'breaks', label: 'Reconciliation', to: paths.breaks() },
  { key: 'exceptions', label: 'Exceptions', to: paths.exceptions() },
  { key: 'webhooks', label: 'Webhooks', to: paths.webhooks() },
  { key: 'charts', label: 'Charts', to: paths.charts() },
  { key: 'accounts', label: 'Accounts', to: paths.accounts() },
  { key: 'approvals', label: 'Approvals', to: paths.approvals() },
  { key: 'audit', label: 'Audit log', to: paths.audit() },
  { key: 'operators', label: 'Operators', to: paths.operators() },
] as const;

/** Sections only an admin sees. */
const ADMIN_ONLY: ReadonlySet<string> = new Set(['operators']);

export type Section = (typeof NAV)[number]['key'] | 'none';

export function Layout({ section, children }: { section: Section; children: ReactNode }) {
  const { operator, signOut, isAdmin } = useSession();
  return (
    <div className="app">
      <header className="topbar">
        <Link to={paths.transfers()} className="brand">
          <span className="brand-mark" aria-hidden="true">
            ⇄
          </span>
          Transfers back office
        </Link>
        <nav className="nav" aria-label="Sections">
          {NAV.filter((item) => isAdmin || !ADMIN_ONLY.has(item.key)).map((item) => (
            <Link
              key={item.key}
              to={item.to}
              className={`nav-link${section === item.key ? ' nav-link-active' : ''}`}
              aria-current={section === item.key ? 'page' : undefined}
            >
              {item.label}
            </Link>
          ))}
        </nav>
        <div className="who">
          <Link to={paths.me()} className="who-email" title="Your account and second factor">
            <span data-testid="operator-email">{operator.email}</span>
          </Link>
          <span className={`role role-${operator.role}`}>{operator.role}</span>
          <button type="button" className="button button-small button-ghost" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <main className="content">{children}</main>
    </div>
  );
}

export function PageHeader({
  title,
  subtitle,
  actions,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle && <p className="subtitle">{subtitle}</p>}
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </div>
  );
}
