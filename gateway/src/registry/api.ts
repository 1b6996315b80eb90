import type { ErrorCode } from '../../../shared/src/errors';

/**
 * The registry's HTTP API, every request and response body, in one module read by both sides: the
 * routes (`gateway/src/registry/http/`) and the `trellis` CLI (`scripts/cli/`). Types only, so the
 * CLI pulls in nothing of the server.
 *
 * Errors come in GraphQL's shape, `{ errors: [{ message, extensions: { code, … } }] }`, with a code
 * registered in `shared/src/errors.ts`; a refusal carries the check report in `extensions.checks`.
 */

/** A change that breaks clients of the live API schema. */
export interface BreakingChange {
  type: string;
  /** The schema coordinate affected, e.g. `Query.skuByCode` or `Sku`. */
  coordinate: string;
  description: string;
  /**
   * Usage-aware checks (absent from reports written before them): the client apps' operations that
   * used the coordinate in the window, the registered operations the change breaks, and whether it
   * blocks — it does when either is non-empty, when its kind of change is not traced by usage, or
   * with `strict`; governance changes block regardless.
   */
  usage?: ChangeUsage[];
  registeredOperations?: RegisteredOperationRef[];
  blocking?: boolean;
  /** Why it blocks or not, in one line. */
  note?: string;
}

/** One operation of one client app that used a coordinate, over the check's window. */
export interface ChangeUsage {
  /** `apollographql-client-name`, '' when the client sent none. */
  clientName: string;
  operationName: string;
  operationHash: string;
  requests: number;
  lastSeen: string;
}

/** A registered (persisted) operation of a client app. */
export interface RegisteredOperationRef {
  clientName: string;
  id: string;
  name: string;
  /** Why it no longer validates against the proposed schema. */
  errors?: string[];
}

/**
 * A change to who may reach what: it needs a second person holding `registry:approve`.
 *
 * - `ROUTING_URL_CHANGED` — an existing subgraph would be called at another URL (`coordinate` is its name);
 * - `FIELD_OVERRIDDEN` — a subgraph takes over a field another subgraph resolves (`@override(from:)`);
 * - `GOVERNANCE_WEAKENED` — a type or field asks less of callers, or a data rule stops applying.
 */
export type GovernanceChangeType = 'ROUTING_URL_CHANGED' | 'FIELD_OVERRIDDEN' | 'GOVERNANCE_WEAKENED';

export interface GovernanceChange {
  type: GovernanceChangeType;
  /** The schema coordinate affected, or the subgraph's name for a routing URL. */
  coordinate: string;
  /** What changed, naming the coordinate (or the URLs) and the rule. */
  description: string;
}

export interface CheckReport {
  /** Composes, passes the lint, breaks nothing and changes no governance. */
  ok: boolean;
  /** Lint and composition errors: the change cannot be published at all. */
  composition: string[];
  breaking: BreakingChange[];
  governance: GovernanceChange[];
  /** The days of usage the breaking changes were judged against (usage-aware checks). */
  usageWindowDays?: number;
  /** Every breaking change blocked, used or not. */
  strict?: boolean;
  /** Registered operations the change breaks that no listed breaking change accounts for (they block too). */
  brokenOperations?: RegisteredOperationRef[];
}

export interface SupergraphRef {
  version: number;
  hash: string;
}

export interface SubgraphRef {
  name: string;
  version: number;
}

// ── Requests ───────────────────────────────────────────────────────────────────────────────────

/** The schema as text, or the URL of a running subgraph the registry reads it from (`_service { sdl }`). */
export type SchemaSource = { sdl: string; schemaUrl?: undefined } | { schemaUrl: string; sdl?: undefined };

/** Usage-aware checks: how many days of usage to look back over (default USAGE_CHECK_DAYS), and whether unused breaking changes block too. */
export interface UsageOptions {
  usageDays?: number;
  strict?: boolean;
}

export type CheckRequest = SchemaSource & UsageOptions & { name: string; url?: string };

export type PublishRequest = SchemaSource & UsageOptions & {
  name: string;
  url: string;
  reason: string;
  acceptBreaking?: boolean;
  /** Propose the governance changes for approval instead of being refused; nothing goes live yet. */
  acceptGovernance?: boolean;
};

export interface RemoveRequest extends UsageOptions {
  name: string;
  reason: string;
  acceptBreaking?: boolean;
  acceptGovernance?: boolean;
}

export interface RollbackRequest {
  version: number;
  reason: string;
  acceptGovernance?: boolean;
}

/** Approving or rejecting a pending change. */
export interface DecideChangeRequest {
  reason: string;
}

/** `trellis client register`: a client app and its operations, from Apollo's persisted-query manifest. */
export interface RegisterClientRequest {
  name: string;
  /** The slug of the brand the app belongs to. */
  brand: string;
  /** `{ format: "apollo-persisted-query-manifest", version: 1, operations: [{ id, name, type, body }] }` */
  manifest: unknown;
  /** off / allow / require for this app; null or absent: the gateway's setting (PERSISTED_OPERATIONS). */
  persistedOperations?: PersistedOperationsMode | null;
  reason?: string;
}

export type PersistedOperationsMode = 'off' | 'allow' | 'require';

// ── Responses ──────────────────────────────────────────────────────────────────────────────────

export type ChangeKind = 'publish' | 'remove' | 'rollback';
export type ChangeStatus = 'PENDING' | 'APPROVED' | 'REJECTED';

/** A change stored for approval: not live until someone else holding `registry:approve` approves it. */
export interface ChangeView {
  id: string;
  kind: ChangeKind;
  /** The subgraph published or removed; null for a rollback. */
  subgraph: string | null;
  routingUrl: string | null;
  /** For a rollback: the supergraph version it restores. */
  restores: number | null;
  reason: string;
  proposedBy: string;
  proposedAt: string;
  status: ChangeStatus;
  governance: GovernanceChange[];
  acceptedBreaking: BreakingChange[];
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  /** The supergraph version its approval made. */
  supergraphVersion: number | null;
}

export type CheckResponse = CheckReport;

/** The change is stored for approval and is not live. HTTP 202. */
export interface PendingResponse {
  outcome: 'pending';
  change: ChangeView;
}

export type PublishResponse =
  | { outcome: 'published'; subgraph: SubgraphRef; supergraph: SupergraphRef; checks: CheckReport }
  | { outcome: 'unchanged'; subgraph: SubgraphRef; supergraph: SupergraphRef }
  | PendingResponse;

export type RemoveResponse = { outcome: 'removed'; subgraph: SubgraphRef; supergraph: SupergraphRef; checks: CheckReport } | PendingResponse;

export type RollbackResponse = { outcome: 'rolled-back'; restores: number; supergraph: SupergraphRef } | PendingResponse;

export interface ApproveResponse {
  outcome: 'approved';
  change: ChangeView;
  supergraph: SupergraphRef;
}

export interface RejectResponse {
  outcome: 'rejected';
  change: ChangeView;
}

export interface ChangeListResponse {
  changes: ChangeView[];
}

export interface SubgraphSummary {
  name: string;
  version: number;
  routingUrl: string;
  publishedBy: string;
  publishedAt: string;
  reason: string;
}

export interface SubgraphListResponse {
  subgraphs: SubgraphSummary[];
}

export interface SubgraphVersionView extends SubgraphSummary {
  sdlHash: string;
  removed: boolean;
  acceptedBreaking: BreakingChange[] | null;
  acceptedGovernance: GovernanceChange[] | null;
  /** Who approved its governance changes, when it had any. */
  approvedBy: string | null;
  checks: CheckReport;
}

export interface SubgraphHistoryResponse {
  name: string;
  versions: SubgraphVersionView[];
}

export interface SupergraphSummary {
  version: number;
  hash: string;
  /** Subgraph name → the subgraph version's id it was composed from. */
  subgraphs: Record<string, string>;
  createdBy: string;
  createdAt: string;
  reason: string;
  rolledBackTo: number | null;
}

export interface SupergraphListResponse {
  supergraphs: SupergraphSummary[];
}

export interface LedgerEntryView {
  seq: number;
  id: string;
  occurredAt: string;
  actor: { subject: string; roles: string[]; onBehalfOf: string | null };
  action: string;
  subject: { type: string; id: string };
  before: unknown;
  after: unknown;
  reason: string;
  evidence: unknown;
  requestId: string | null;
}

export interface LedgerResponse {
  entries: LedgerEntryView[];
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
  verify: { ok: boolean; checkedEntries: number; firstBrokenSeq: number | null; headHash: string | null };
}

export interface ClientAppView {
  name: string;
  brand: string;
  persistedOperations: PersistedOperationsMode | null;
  registeredBy: string;
  registeredAt: string;
  updatedAt: string;
  operations: number;
}

export interface RegisterClientResponse {
  outcome: 'registered';
  client: ClientAppView;
  /** Operations new to the app, and operations whose body changed under the same id. */
  added: number;
  changed: number;
}

export interface ClientListResponse {
  clients: ClientAppView[];
}

// ── Errors and refusals ────────────────────────────────────────────────────────────────────────

export interface ApiError {
  message: string;
  extensions: { code: ErrorCode; checks?: CheckReport; field?: string; [key: string]: unknown };
}

export interface ErrorResponse {
  errors: ApiError[];
}

/** The expected ways an operation says no: a value, never an exception. */
export type RefusalCode = Extract<
  ErrorCode,
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CHECKS_FAILED'
  | 'BREAKING_CHANGE'
  | 'GOVERNANCE_CHANGE'
  | 'ROUTING_URL_NOT_ALLOWED'
  | 'SCHEMA_UNAVAILABLE'
  | 'SEPARATION_OF_DUTIES'
  | 'UNAUTHORIZED_FIELD_OR_TYPE'
  | 'CHANGE_NOT_PENDING'
  | 'CHANGE_OUTDATED'
  | 'FORBIDDEN_BRAND'
>;

export interface Refusal {
  outcome: 'refused';
  code: RefusalCode;
  message: string;
  checks?: CheckReport;
  /** The request field at fault, when one is. */
  field?: string;
}
