import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import { trellisError } from '../../shared/src/errors';
import { argumentPathAt, argumentPathOfVariable } from './subgraph-argument';

/** What the gateway does with a subgraph's non-2xx answer: relay its GraphQL errors, or report it unavailable. */
export type SubgraphFailureOutcome = { response: GatewayGraphQLResponse } | { error: GraphQLError };

/**
 * A subgraph answered HTTP 4xx/5xx. With a GraphQL `errors` body (variable coercion or validation
 * of a custom scalar such as `Date`, an input refused before execution) the subgraph did answer:
 * its errors are relayed with their codes — value errors as BAD_USER_INPUT naming the argument as
 * the caller wrote it — instead of calling a healthy subgraph unavailable. A 401/403 (the
 * subgraph refused the gateway's signature) or a body that is not GraphQL is SUBGRAPH_UNAVAILABLE.
 *
 * `operation` is the operation the gateway sent, to name arguments from error locations.
 */
export function subgraphFailureOutcome(input: { serviceName: string; status: number; body: unknown; operation?: string }): SubgraphFailureOutcome {
  const { serviceName, status, body } = input;
  const errors = graphqlErrorsOf(body);
  if (status === 401 || status === 403) {
    return unavailable(serviceName, `it refused the gateway's signed request (HTTP ${status}); check that the subgraph trusts the gateway's key (GATEWAY_JWKS) and that their clocks agree.`);
  }
  if (!errors) return unavailable(serviceName, `it answered HTTP ${status} without a GraphQL response.`);
  const data = body && typeof body === 'object' && 'data' in body && typeof body.data === 'object' ? (body.data as Record<string, unknown> | null) : null;
  return { response: { data, errors: errors.map((e) => relayed(e, status, serviceName, input.operation)) } };
}

/**
 * Whether an answer counts against the subgraph's circuit: it could not be reached or did not
 * answer GraphQL (HTTP 5xx, a refused signature), or it answered but its database is unavailable
 * — a subgraph that cannot reach its data cannot serve, and a breaker that opens spares it the
 * load until a probe finds it well again. Its errors are still relayed as they are
 * (DATABASE_UNAVAILABLE naming the subgraph). A DATABASE_TIMEOUT does not count: one hot row
 * whose lock waits time out must not take the whole subgraph out for everyone.
 */
export function countsAsSubgraphFailure(status: number, body: unknown): boolean {
  if (status >= 500 || status === 401 || status === 403) return true;
  if (!body || typeof body !== 'object' || Array.isArray(body) || !('data' in body || 'errors' in body)) return true;
  const errors = 'errors' in body && Array.isArray(body.errors) ? (body.errors as { extensions?: { code?: unknown } }[]) : [];
  return errors.some((e) => e?.extensions?.code === 'DATABASE_UNAVAILABLE');
}

function unavailable(serviceName: string, why: string): SubgraphFailureOutcome {
  return { error: trellisError('SUBGRAPH_UNAVAILABLE', `Subgraph "${serviceName}" is unavailable: ${why}`, { serviceName }) };
}

interface SubgraphError {
  message: string;
  path?: (string | number)[];
  locations?: { line: number; column: number }[];
  extensions?: Record<string, unknown>;
}

function graphqlErrorsOf(body: unknown): SubgraphError[] | null {
  if (!body || typeof body !== 'object' || !('errors' in body) || !Array.isArray(body.errors) || body.errors.length === 0) return null;
  const errors = body.errors as unknown[];
  return errors.every((e) => !!e && typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string') ? (errors as SubgraphError[]) : null;
}

const VARIABLE_ERROR = /^Variable "\$([_A-Za-z][_0-9A-Za-z]*)" (?:got invalid value .*? at "\1([^"]*)";|)/s;

function relayed(error: SubgraphError, status: number, serviceName: string, operation: string | undefined): GraphQLFormattedError {
  const { stacktrace: _stack, exception: _exception, code: given, ...extensions } = error.extensions ?? {};
  const path = Array.isArray(error.path) ? error.path : undefined;
  const location = error.locations?.[0];

  if (given === 'BAD_USER_INPUT' || given === 'GRAPHQL_VALIDATION_FAILED') {
    const variable = VARIABLE_ERROR.exec(error.message);
    let field = typeof extensions.field === 'string' ? extensions.field : null;
    let message = error.message;
    if (!field && variable && operation) {
      const argument = argumentPathOfVariable(operation, variable[1]!);
      if (argument) {
        field = `${argument}${variable[2] ?? ''}`;
        message = message.replace(/^Variable "\$[^"]+" /, '').replace(/ at "[^"]*";/, ';');
      }
    }
    if (!field && !variable && location && operation) field = argumentPathAt(operation, location.line, location.column);
    // A validation error outside any argument value means the subgraph's schema is not the one the
    // supergraph was composed from: the caller's operation is fine, the installation is not.
    if (given === 'GRAPHQL_VALIDATION_FAILED' && !field && operation) {
      return { message: `Subgraph "${serviceName}" could not run its part of the operation: ${error.message} Its schema may differ from the published one.`, path, extensions: { code: 'INTERNAL_SERVER_ERROR', serviceName } };
    }
    const named = field && !message.startsWith(`${field}: `) ? `${field}: ${message}` : message;
    return { message: named, path, extensions: { ...extensions, ...(field ? { field } : {}), code: 'BAD_USER_INPUT', serviceName } };
  }
  if (given === 'GRAPHQL_PARSE_FAILED') {
    return { message: `Subgraph "${serviceName}" could not parse its part of the operation.`, path, extensions: { code: 'INTERNAL_SERVER_ERROR', serviceName } };
  }
  if (typeof given === 'string' && given !== '') return { message: error.message, path, extensions: { ...extensions, code: given, serviceName } };
  // No code: nothing says the message is meant for callers.
  return { message: status >= 500 ? 'Internal server error' : `Subgraph "${serviceName}" refused its part of the operation.`, path, extensions: { code: 'INTERNAL_SERVER_ERROR', serviceName } };
}
