import type { AppRouter } from '@tbo/api';
import type { inferInput, inferOutput, TRPCOptionsProxy } from '@trpc/tanstack-react-query';

// The shapes the console reads, inferred from the api's router type (the only
// thing the console takes from the api).
type Admin = TRPCOptionsProxy<AppRouter>['admin'];

export type TransferPage = inferOutput<Admin['transfers']['list']>;
export type TransferRow = TransferPage['rows'][number];
export type TransferListInput = inferInput<Admin['transfers']['list']>;
export type SecuritiesDetail = inferOutput<Admin['transfers']['securities']>;
export type AccountDetail = inferOutput<Admin['transfers']['account']>;
export type HistoryEntry = SecuritiesDetail['history'][number];
export type WebhookEvent = SecuritiesDetail['events'][number];
export type WebhookAttempt = SecuritiesDetail['attempts'][number];
export type DeadlineState = SecuritiesDetail['deadline'];
export type DeadlinesBoard = inferOutput<Admin['deadlines']>;
export type DeadlineItem = DeadlinesBoard['outgoing']['rows'][number];
export type ReconciliationBreak = inferOutput<Admin['breaks']>['rows'][number];
export type WebhookDelivery = inferOutput<Admin['webhooks']['deliveries']>['rows'][number];
export type AccountSummary = inferOutput<Admin['accounts']['search']>['rows'][number];
export type AccountLookup = inferOutput<Admin['accounts']['get']>;
export type CustodianException = inferOutput<Admin['exceptions']['list']>['rows'][number];
export type WebhookHealth = inferOutput<Admin['webhooks']['health']>['subscriptions'][number];
export type WebhookAttemptExchange = inferOutput<Admin['webhooks']['attempt']>;
export type ConsoleCharts = inferOutput<Admin['charts']>;
export type ExceptionCase = inferOutput<Admin['cases']['exception']>;
export type BreakCase = inferOutput<Admin['cases']['break']>;
export type CaseComment = ExceptionCase['comments'][number];
export type CaseLink = ExceptionCase['links'][number];
export type Approval = inferOutput<Admin['approvals']['list']>['rows'][number];
export type AuditPage = inferOutput<Admin['audit']['list']>;
export type AuditRow = AuditPage['rows'][number];
export type AuditAction = inferOutput<Admin['audit']['facets']>['actions'][number];
export type OperatorRow = inferOutput<Admin['operators']['list']>[number];
