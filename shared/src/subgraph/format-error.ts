import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { databaseFailure, describeDatabaseFailure } from '../db/database-failure';
import type { Logger } from '../logger';
import { throttled } from '../throttled';

/** Codes that are safe to show as-is: the client caused them and can act on them. */
const PASS_THROUGH = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * Errors a resolver raised on purpose (a GraphQLError with a code) reach the client unchanged; a
 * database that is unreachable or out of time becomes DATABASE_UNAVAILABLE / DATABASE_TIMEOUT with
 * its reason (the client can try again; the log gets one line); anything else is logged whole and
 * masked, so stack traces and SQL never leak.
 */
export function createFormatError(logger: Logger) {
  // An outage fails every request alike: one line every few seconds says so.
  const databaseWarning = throttled(5_000, (suppressed, line: string) => logger.warn(`${line}${suppressed ? ` (and ${suppressed} more since the last such line)` : ''}`));
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const code = formatted.extensions?.code;
    if (original instanceof GraphQLError && (original.extensions?.code || PASS_THROUGH.has(String(code)))) {
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    if (PASS_THROUGH.has(String(code))) return formatted;
    const failure = databaseFailure(error);
    if (failure) {
      databaseWarning(`${failure.code} at ${formatted.path?.join('.') ?? '(operation)'}: ${describeDatabaseFailure(error)}`);
      return { message: failure.message, path: formatted.path, locations: formatted.locations, extensions: { code: failure.code, reason: failure.reason } };
    }
    logger.error(`unexpected error at ${formatted.path?.join('.') ?? '(operation)'}`, original);
    return {
      message: 'Internal server error',
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
