import { type QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useMemo, useRef } from 'react';
import { Layout, type Section } from './components/layout.js';
import { ErrorState, Loading } from './components/states.js';
import { AccountPage } from './pages/account-page.js';
import { AccountTransferPage } from './pages/account-transfer-page.js';
import { AccountsPage } from './pages/accounts-page.js';
import { ApprovalsPage } from './pages/approvals-page.js';
import { AuditPage } from './pages/audit-page.js';
import { BreaksPage } from './pages/breaks-page.js';
import { BreakCasePage, ExceptionCasePage } from './pages/cases/case-pages.js';
import { DeadlinesPage } from './pages/deadlines-page.js';
import { ExceptionsPage } from './pages/exceptions-page.js';
import { LoginPage } from './pages/login-page.js';
import { MyAccountPage } from './pages/my-account-page.js';
import { NotFoundPage } from './pages/not-found-page.js';
import { OperatorsPage } from './pages/operators-page.js';
import { SecuritiesTransferPage } from './pages/securities-transfer-page.js';
import { TransfersPage } from './pages/transfers/transfers-page.js';
import { WebhooksPage } from './pages/webhooks-page.js';
import { navigate, useLocation } from './router/navigation.js';
import { pageTitle, useDocumentTitle } from './router/page-title.js';
import { matchRoute, type Route } from './router/routes.js';
import { fetchSession, logout, type Session } from './session/session-api.js';
import { SessionProvider } from './session/session-context.js';
import { createApiClient, TRPCProvider } from './trpc.js';

export const SESSION_KEY = ['session'] as const;

// The charting library is loaded with the charts page only.
const ChartsPage = lazy(() => import('./pages/charts/charts-page.js'));

function sectionOf(route: Route): Section {
  switch (route.name) {
    case 'transfers':
    case 'securities-transfer':
    case 'account-transfer':
      return 'transfers';
    case 'account':
      return 'accounts';
    case 'exception':
      return 'exceptions';
    case 'break':
      return 'breaks';
    case 'me':
      return 'none';
    case 'not-found':
      return 'none';
    default:
      return route.name;
  }
}

function Page({ route, search }: { route: Route; search: string }) {
  switch (route.name) {
    case 'transfers':
      return <TransfersPage search={search} />;
    case 'securities-transfer':
      return <SecuritiesTransferPage id={route.id} />;
    case 'account-transfer':
      return <AccountTransferPage id={route.id} />;
    case 'deadlines':
      return <DeadlinesPage />;
    case 'breaks':
      return <BreaksPage search={search} />;
    case 'exceptions':
      return <ExceptionsPage search={search} />;
    case 'webhooks':
      return <WebhooksPage search={search} />;
    case 'charts':
      return (
        <Suspense fallback={<Loading label="Loading charts…" />}>
          <ChartsPage search={search} />
        </Suspense>
      );
    case 'accounts':
      return <AccountsPage search={search} />;
    case 'account':
      return <AccountPage id={route.id} />;
    case 'exception':
      return <ExceptionCasePage id={route.id} />;
    case 'break':
      return <BreakCasePage id={route.id} />;
    case 'approvals':
      return <ApprovalsPage search={search} />;
    case 'audit':
      return <AuditPage search={search} />;
    case 'operators':
      return <OperatorsPage />;
    case 'me':
      return <MyAccountPage />;
    default:
      return <NotFoundPage />;
  }
}

/** Signs in, then renders the console with a tRPC client bound to the session. */
export function App({ queryClient }: { queryClient: QueryClient }) {
  const client = useQueryClient();
  const location = useLocation();
  const session = useQuery({
    queryKey: SESSION_KEY,
    queryFn: fetchSession,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const csrf = useRef<string | undefined>(undefined);
  csrf.current = session.data?.csrf_token;
  const trpcClient = useMemo(() => createApiClient(() => csrf.current), []);
  const route = matchRoute(location.pathname);
  useDocumentTitle(pageTitle(session.data ? route : 'sign-in'));

  if (session.isPending) return <Loading label="Opening the console…" />;
  if (session.isError) return <ErrorState error={session.error} onRetry={() => session.refetch()} />;
  if (!session.data) {
    return (
      <LoginPage
        onSignedIn={(signedIn: Session) => {
          client.setQueryData(SESSION_KEY, signedIn);
          if (!location.pathname.startsWith('/admin/')) navigate('/admin/', { replace: true });
        }}
      />
    );
  }
  const current = session.data;
  const signOut = () => {
    void logout(current.csrf_token).finally(() => {
      // The session query stays in the cache (its observer is this component) and turns null;
      // clearing the whole cache would detach the observer and keep the signed-in shell on screen.
      client.setQueryData(SESSION_KEY, null);
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
    });
  };
  return (
    <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
      <SessionProvider
        value={{
          operator: current.operator,
          canWrite: current.operator.role !== 'viewer',
          isAdmin: current.operator.role === 'admin',
          signOut,
        }}
      >
        <Layout section={sectionOf(route)}>
          <Page route={route} search={location.search} />
        </Layout>
      </SessionProvider>
    </TRPCProvider>
  );
}
