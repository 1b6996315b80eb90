import { GraphQLError } from 'graphql';

/**
 * Every error code a Trellis client can receive, in one place. Codes are public API:
 * brand teams and auditors branch on `extensions.code`, so never rename one.
 */
export const ErrorCodes = {
  BAD_USER_INPUT: 'The input is malformed or out of range; the message names the field.',
  BAD_REQUEST: 'The HTTP request is not one the server can read (a body that is not JSON, or larger than the limit).',
  NOT_FOUND: 'The thing named does not exist.',
  REASON_REQUIRED: 'A change was asked for without a reason; every change is recorded with why.',
  NO_CHANGE: 'The change asked for would leave everything as it is; nothing was recorded.',
  INSUFFICIENT_STOCK: 'Not enough stock for the change or order; the message says how much there is.',
  ASSESSMENT_REQUIRED: 'An operating model was proposed for a brand × capability that has not been assessed yet.',
  EVIDENCE_REQUIRED: 'A decision that differs from the recommendation (an exception) needs at least one evidence item.',
  SEPARATION_OF_DUTIES: 'The proposer of an exception, or of a registry governance change, cannot approve it; another person must.',
  DECISION_ALREADY_DECIDED: 'Only a PROPOSED decision can be approved or rejected; this one is already decided.',
  SKU_NOT_OF_BRAND: 'An order line names a SKU of another brand.',
  NO_ELIGIBLE_NODE: 'No fulfillment node passes the brand’s operating model, sourcing policy, promise and capacity.',
  RESERVATION_NOT_ACTIVE: 'Only an ACTIVE reservation can be committed or released.',
  POLICY_CONFLICTS_WITH_OPERATING_MODEL: 'A sourcing policy that would leave no node the brand’s fulfillment operating model allows.',
  CONTRACT_SUPERSEDED: 'The contract has been amended; act on its current version.',
  NOTICE_ALREADY_GIVEN: 'Notice to exit was already given on this contract.',
  INVALID_ACTUAL: 'A performance actual is not a valid value (negative, a rate above 1, reported twice).',
  KPI_NOT_IN_CONTRACT: 'A performance actual for a KPI the contract sets no target for.',
  PERIOD_OUTSIDE_CONTRACT: 'A performance period outside the contract’s validity.',
  ESCALATION_EXHAUSTED: 'The breach is already at the contract’s last escalation level.',
  BREACH_NOT_OPEN: 'Only an OPEN breach can be escalated or resolved.',
  NO_OPEN_RESERVATIONS: 'The order holds no open reservation on the nodes it should move off: there is nothing to reroute.',
  PILOT_OVERLAP: 'A pilot of the same brand × capability is already planned or running; conclude or abandon it first.',
  PILOT_NOT_PLANNED: 'Only a PLANNED pilot can be started or have its success metrics revised.',
  PILOT_NOT_RUNNING: 'Measurements are recorded, and an outcome concluded, only while the pilot is RUNNING.',
  PILOT_TARGETS_LOCKED: 'A pilot’s success metrics and targets are fixed once it starts; they cannot be changed.',
  PILOT_OUTCOME_MISMATCH: 'The outcome concluded is not what the measurements say against the targets; `extensions.evaluation` says what they say.',
  PILOT_NOT_EVIDENCE: 'The pilot cited cannot support this decision: it must be of the same brand and capability, have tried the model proposed, and have SUCCEEDED.',
  PHASE_GATE_UNMET: 'A rollout phase cannot complete while a gate is unmet; `extensions.unmetGates` names each.',
  PHASE_OUT_OF_ORDER: 'Rollout phases complete in order (DIAGNOSE, DESIGN, PILOT), each once.',
  ROLLOUT_NOT_IN_PROGRESS: 'The rollout is COMPLETED or SUPERSEDED; only a rollout IN_PROGRESS changes.',
  UNAUTHENTICATED: 'No valid token, or (for a subgraph) no valid gateway signature.',
  UNAUTHORIZED_FIELD_OR_TYPE: 'The token lacks the scope or policy a field or type requires.',
  FORBIDDEN_BRAND: 'A brand outside the brands of the token.',
  SUBGRAPH_UNAVAILABLE: 'A subgraph the operation needs did not answer; `extensions.serviceName` names it.',
  DEPTH_LIMIT_EXCEEDED: 'The operation nests fields deeper than allowed; `extensions.limit` and `extensions.measured` say by how much.',
  ALIAS_LIMIT_EXCEEDED: 'The operation uses more aliases than allowed; `extensions.limit` and `extensions.measured` say by how much.',
  ROOT_FIELD_LIMIT_EXCEEDED: 'The operation selects more root fields than allowed; `extensions.limit` and `extensions.measured` say by how much.',
  DIRECTIVE_LIMIT_EXCEEDED: 'A field carries more directives than allowed; `extensions.limit` and `extensions.measured` say by how much.',
  TOKEN_LIMIT_EXCEEDED: 'The document is longer (in GraphQL tokens) than allowed; `extensions.limit` and `extensions.measured` say by how much.',
  RATE_LIMITED: 'The caller has spent its cost budget for now (HTTP 429): operations are charged their estimated cost, refused ones their whole budget, and the budget refills each second. `Retry-After` and `extensions.retryAfterSeconds` say when to try again.',
  COST_LIMIT_EXCEEDED: 'The operation’s estimated cost is over the caller’s budget; `extensions.estimatedCost` and `extensions.budget` give both.',
  DATABASE_UNAVAILABLE:
    'A subgraph’s database cannot be reached (stopped, restarting, or refusing connections); `extensions.reason` says how and `extensions.serviceName` names the subgraph. What failed was not done, unless the connection broke while a change committed (routeOrder’s orderRef makes a retry safe); try again shortly — the subgraph reconnects by itself.',
  DATABASE_TIMEOUT:
    'A subgraph’s database did not finish in time and the work was cancelled: `extensions.reason` is statement_timeout (DB_STATEMENT_TIMEOUT_MS), lock_timeout (DB_LOCK_TIMEOUT_MS: others are changing the same data), idle_in_transaction_timeout, or no_free_connection (every pooled connection busy for DB_CONNECT_TIMEOUT_MS). Nothing was changed; try again.',
  SERVICE_UNAVAILABLE: 'The gateway is not ready to judge this operation (its governance rules are loading); try again in a moment.',
  INTERNAL_SERVER_ERROR: 'An unexpected failure; details are in the server log under the request id.',
  METHOD_NOT_ALLOWED: 'The endpoint does not answer this HTTP method.',
  // The subgraph registry (`/registry/*`, the `trellis` CLI):
  CHECKS_FAILED: 'A schema change fails the governance lint or composition; the errors are in `extensions.checks.composition`, and nothing changed.',
  BREAKING_CHANGE: 'A schema change breaks clients of the live supergraph; each is named in `extensions.checks.breaking`. Accept them with a reason (`--accept-breaking`) to go ahead.',
  GOVERNANCE_CHANGE:
    'A change moves a routing URL, overrides another subgraph’s field or weakens a governance rule; each is named in `extensions.checks.governance`. With `--accept-governance` and a reason it is proposed for approval by someone else holding `registry:approve`.',
  ROUTING_URL_NOT_ALLOWED: 'A routing or schema URL outside REGISTRY_URL_ALLOWLIST, not http(s), or carrying credentials; refused whatever is accepted.',
  SCHEMA_UNAVAILABLE: 'The registry could not read the subgraph’s schema (`_service { sdl }`) from the URL given.',
  CHANGE_NOT_PENDING: 'Only a PENDING registry change can be approved or rejected; this one is already decided.',
  CHANGE_OUTDATED: 'The subgraph or supergraph changed since this registry change was proposed; propose it again against what is live.',
  // Apollo Server's own codes, passed through unchanged:
  GRAPHQL_PARSE_FAILED: 'The operation is not valid GraphQL syntax.',
  GRAPHQL_VALIDATION_FAILED: 'The operation does not fit the schema; the message says where.',
  OPERATION_RESOLUTION_FAILURE: 'The document holds several operations and `operationName` does not pick one.',
  PERSISTED_QUERY_NOT_FOUND: 'The operation was sent by id (hash) only, and that id is not known: send its text.',
  PERSISTED_QUERY_NOT_SUPPORTED: 'Operations by hash (automatic persisted queries) are not accepted here: send the text.',
  // Federation's codes, as `@apollo/gateway`'s executor reports them and Trellis's does alike:
  DOWNSTREAM_SERVICE_ERROR: 'A subgraph answered an error without a code of its own; `extensions.serviceName` names the subgraph and the message is its own.',
  INVALID_GRAPHQL:
    'A subgraph answered a value that does not fit the schema (null where the schema promises a value, a value not of its type, an unknown `__typename`): the value is null in the answer, and each repair is listed in `extensions.valueCompletion` with its path.',
} as const;

export type ErrorCode = keyof typeof ErrorCodes;

export function trellisError(
  code: ErrorCode,
  message: string,
  extensions: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

/**
 * An error at a response path: result shaping's repairs, and a subgraph's errors relayed with the
 * code the subgraph gave (`originalError` is what it sent).
 */
export function errorAt(message: string, options: { path?: readonly (string | number)[]; code?: string; extensions?: Record<string, unknown>; originalError?: Error }): GraphQLError {
  const extensions = options.code ? { ...options.extensions, code: options.code } : options.extensions;
  return new GraphQLError(message, { path: options.path, extensions, originalError: options.originalError });
}

export function badInput(field: string, message: string): GraphQLError {
  return trellisError('BAD_USER_INPUT', `${field}: ${message}`, { field });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a value can be an id at all (ids are UUIDs); lookups treat anything else as naming nothing. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Ids are UUIDs; anything else is refused before it reaches SQL. */
export function requireUuid(field: string, value: string): string {
  if (!isUuid(value)) throw badInput(field, `"${value}" is not an id (a UUID).`);
  return value.toLowerCase();
}

export function unauthorizedError(coordinate: string): GraphQLError {
  return trellisError('UNAUTHORIZED_FIELD_OR_TYPE', `Unauthorized field or type: ${coordinate}. Your token lacks the scope or policy it requires.`, { coordinate });
}

export function forbiddenBrandError(what: string): GraphQLError {
  return trellisError('FORBIDDEN_BRAND', `${what} belongs to a brand outside the brands of your token.`);
}

export function notFound(what: string): GraphQLError {
  return trellisError('NOT_FOUND', `${what} does not exist.`);
}
