/**
 * Whether an error means the database could not do the work — unreachable, restarting, or out of
 * time — rather than a defect: such an error reaches the client with a code it can act on (try
 * again shortly) instead of INTERNAL_SERVER_ERROR. Recognised from SQLSTATE codes, Node's socket
 * error codes and node-postgres's own messages, anywhere in the error's chain (TypeORM wraps pg's
 * error as `driverError`, GraphQL as `originalError` — or `thrownValue` for a value that is not an
 * Error of its own realm — and Node as `cause` or an AggregateError's `errors`).
 */
export type DatabaseFailure =
  | { code: 'DATABASE_UNAVAILABLE'; reason: UnavailableReason; message: string }
  | { code: 'DATABASE_TIMEOUT'; reason: TimeoutReason; message: string };

export type UnavailableReason = 'unreachable' | 'connection_lost' | 'starting_or_stopping' | 'too_many_connections' | 'service_stopping';
export type TimeoutReason = 'statement_timeout' | 'lock_timeout' | 'idle_in_transaction_timeout' | 'no_free_connection';

const UNAVAILABLE: Record<UnavailableReason, string> = {
  unreachable: 'The database is unavailable: it cannot be reached. Try again shortly.',
  connection_lost: 'The database is unavailable: the connection to it was lost (it may be restarting). Try again shortly.',
  starting_or_stopping: 'The database is unavailable: it is starting up or shutting down. Try again shortly.',
  too_many_connections: 'The database is unavailable: it accepts no more connections. Try again shortly.',
  service_stopping: 'The service is stopping and has closed its database connections. Try again shortly.',
};

const TIMEOUT: Record<TimeoutReason, string> = {
  statement_timeout: 'The database did not finish in time: the statement ran longer than allowed (DB_STATEMENT_TIMEOUT_MS) and was cancelled. Nothing was changed.',
  lock_timeout: 'The database did not finish in time: the data is being changed by others and the wait for it ran longer than allowed (DB_LOCK_TIMEOUT_MS). Nothing was changed; try again.',
  idle_in_transaction_timeout: 'The database ended a transaction left idle too long (DB_IDLE_IN_TRANSACTION_TIMEOUT_MS). Nothing was changed; try again.',
  no_free_connection: 'The database did not finish in time: every connection to it was busy (DB_CONNECT_TIMEOUT_MS). Nothing was changed; try again shortly.',
};

/** SQLSTATE codes (https://www.postgresql.org/docs/current/errcodes-appendix.html). */
const SQLSTATE_UNAVAILABLE: Record<string, UnavailableReason> = {
  '57P01': 'connection_lost', // admin_shutdown: "terminating connection due to administrator command"
  '57P02': 'connection_lost', // crash_shutdown
  '57P03': 'starting_or_stopping', // cannot_connect_now: "the database system is starting up / shutting down"
  '53300': 'too_many_connections',
  '08000': 'connection_lost',
  '08003': 'connection_lost',
  '08006': 'connection_lost',
  '08001': 'unreachable',
  '08004': 'unreachable',
};

const SOCKET_ERRORS: Record<string, UnavailableReason> = {
  ECONNREFUSED: 'unreachable',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  ENOTFOUND: 'unreachable',
  EAI_AGAIN: 'unreachable',
  ETIMEDOUT: 'unreachable',
  ECONNRESET: 'connection_lost',
  EPIPE: 'connection_lost',
};

/** node-postgres and TypeORM say these in words only. */
const MESSAGES: [RegExp, UnavailableReason | TimeoutReason][] = [
  [/^timeout exceeded when trying to connect$/, 'no_free_connection'],
  [/^Connection terminated due to connection timeout$/, 'unreachable'],
  [/^Connection terminated( unexpectedly)?$/, 'connection_lost'],
  [/Client has encountered a connection error and is not queryable/, 'connection_lost'],
  [/^Client was closed and is not queryable$/, 'connection_lost'],
  [/^Cannot use a pool after calling end on the pool$/, 'service_stopping'],
  // TypeORM 0.3 after the data source was destroyed (the service is stopping).
  [/^Driver not Connected$/, 'service_stopping'],
];

const ERROR_NAMES: Record<string, UnavailableReason> = {
  // The connection of a transaction broke: TypeORM released it, and the transaction's next statement finds it gone.
  QueryRunnerAlreadyReleasedError: 'connection_lost',
  QueryRunnerProviderAlreadyReleasedError: 'connection_lost',
  // The data source was closed (the service is stopping).
  CannotExecuteNotConnectedError: 'service_stopping',
};

const TIMEOUTS = new Set<string>(Object.keys(TIMEOUT));

export function databaseFailure(error: unknown): DatabaseFailure | null {
  for (const e of chain(error)) {
    const reason = reasonOf(e);
    if (!reason) continue;
    return TIMEOUTS.has(reason)
      ? { code: 'DATABASE_TIMEOUT', reason: reason as TimeoutReason, message: TIMEOUT[reason as TimeoutReason] }
      : { code: 'DATABASE_UNAVAILABLE', reason: reason as UnavailableReason, message: UNAVAILABLE[reason as UnavailableReason] };
  }
  return null;
}

/** What the database (or the driver) said, for the server log. */
export function describeDatabaseFailure(error: unknown): string {
  const errors = [...chain(error)];
  const telling = errors.find((e) => reasonOf(e)) ?? errors.at(-1);
  const code = typeof telling?.code === 'string' ? `${telling.code}: ` : '';
  return `${code}${typeof telling?.message === 'string' && telling.message ? telling.message : String(error)}`;
}

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
}

function reasonOf(e: ErrorLike): UnavailableReason | TimeoutReason | null {
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : '';
  if (code === '57014') return /statement timeout/.test(message) ? 'statement_timeout' : null; // query_canceled; a cancel by hand is not ours
  if (code === '55P03') return 'lock_timeout'; // lock_not_available (Trellis takes no NOWAIT locks)
  if (code === '25P03') return 'idle_in_transaction_timeout';
  if (SQLSTATE_UNAVAILABLE[code]) return SQLSTATE_UNAVAILABLE[code]!;
  if (SOCKET_ERRORS[code]) return SOCKET_ERRORS[code]!;
  if (typeof e.name === 'string' && ERROR_NAMES[e.name]) return ERROR_NAMES[e.name]!;
  return MESSAGES.find(([pattern]) => pattern.test(message))?.[1] ?? null;
}

/** The error and what it wraps, outermost first, each once. */
function* chain(error: unknown, seen = new Set<unknown>(), depth = 0): Generator<ErrorLike> {
  if (!error || typeof error !== 'object' || seen.has(error) || depth > 6) return;
  seen.add(error);
  yield error as ErrorLike;
  const wrapped = error as { driverError?: unknown; originalError?: unknown; thrownValue?: unknown; cause?: unknown; errors?: unknown };
  for (const inner of [wrapped.driverError, wrapped.originalError, wrapped.thrownValue, wrapped.cause]) yield* chain(inner, seen, depth + 1);
  if (Array.isArray(wrapped.errors)) for (const inner of wrapped.errors) yield* chain(inner, seen, depth + 1);
}
