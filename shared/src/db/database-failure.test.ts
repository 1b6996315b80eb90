import { GraphQLError } from 'graphql';
import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { databaseFailure, describeDatabaseFailure } from './database-failure';

/** An error as node-postgres raises it for a message from the server. */
const pgError = (code: string, message: string) => Object.assign(new Error(message), { code, severity: 'ERROR' });
const socketError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5433`), { code, errno: -111, syscall: 'connect' });
const viaTypeorm = (driverError: Error) => new QueryFailedError('SELECT 1', [], driverError);

describe('databaseFailure', () => {
  it.each([
    ['PostgreSQL refusing connections (stopped)', socketError('ECONNREFUSED'), 'unreachable'],
    ['every address refusing (an AggregateError)', new AggregateError([socketError('ECONNREFUSED'), socketError('ECONNREFUSED')], 'connect failed'), 'unreachable'],
    ['the server shutting down a session', viaTypeorm(pgError('57P01', 'terminating connection due to administrator command')), 'connection_lost'],
    ['the server starting up', pgError('57P03', 'the database system is starting up'), 'starting_or_stopping'],
    ['the server full', pgError('53300', 'sorry, too many clients already'), 'too_many_connections'],
    ['a socket that died mid-query', viaTypeorm(new Error('Connection terminated unexpectedly')), 'connection_lost'],
    ['a reset connection', socketError('ECONNRESET'), 'connection_lost'],
    ['a client closed under a query', viaTypeorm(new Error('Client was closed and is not queryable')), 'connection_lost'],
    ['a connection attempt that timed out', new Error('Connection terminated due to connection timeout'), 'unreachable'],
    ['a transaction whose connection broke', new QueryRunnerAlreadyReleasedError(), 'connection_lost'],
    ['a transaction whose connection broke, seen through its entity manager', new QueryRunnerProviderAlreadyReleasedError(), 'connection_lost'],
    ['a closed pool', new Error('Cannot use a pool after calling end on the pool'), 'service_stopping'],
  ])('%s: DATABASE_UNAVAILABLE', (_what, error, reason) => {
    expect(databaseFailure(error)).toMatchObject({ code: 'DATABASE_UNAVAILABLE', reason, message: expect.stringMatching(/^The (database|service)/) });
  });

  it.each([
    ['statement_timeout', viaTypeorm(pgError('57014', 'canceling statement due to statement timeout')), 'statement_timeout'],
    ['lock_timeout', viaTypeorm(pgError('55P03', 'canceling statement due to lock timeout')), 'lock_timeout'],
    ['idle_in_transaction_session_timeout', pgError('25P03', 'terminating connection due to idle-in-transaction timeout'), 'idle_in_transaction_timeout'],
    ['a full pool', new Error('timeout exceeded when trying to connect'), 'no_free_connection'],
  ])('%s: DATABASE_TIMEOUT', (_what, error, reason) => {
    expect(databaseFailure(error)).toMatchObject({ code: 'DATABASE_TIMEOUT', reason });
  });

  it('looks through GraphQL’s wrapping, as a resolver or plugin error arrives at formatError', () => {
    const wrapped = new GraphQLError('Unexpected error.', { originalError: viaTypeorm(pgError('57P01', 'terminating connection due to administrator command')) });
    expect(databaseFailure(wrapped)?.code).toBe('DATABASE_UNAVAILABLE');
    const caused = new Error('load failed', { cause: socketError('ECONNREFUSED') });
    expect(databaseFailure(caused)?.code).toBe('DATABASE_UNAVAILABLE');
    // graphql-js wraps a thrown value that is not an Error (of its realm) as NonErrorThrown.
    const nonError = Object.assign(new Error('Unexpected error value: { code: "ECONNREFUSED" }'), { name: 'NonErrorThrown', thrownValue: { code: 'ECONNREFUSED', errno: -111 } });
    expect(databaseFailure(new GraphQLError('Unexpected error value', { originalError: nonError }))?.code).toBe('DATABASE_UNAVAILABLE');
  });

  it.each([
    ['a unique violation', viaTypeorm(pgError('23505', 'duplicate key value violates unique constraint'))],
    ['a statement cancelled by hand', pgError('57014', 'canceling statement due to user request')],
    ['a syntax error', viaTypeorm(pgError('42601', 'syntax error at or near "SELEC"'))],
    ['a plain defect', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['not an error at all', 'boom'],
    ['nothing', undefined],
  ])('%s is not a database failure', (_what, error) => {
    expect(databaseFailure(error)).toBeNull();
  });

  it('never shows the client the server’s address or SQL', () => {
    const failure = databaseFailure(viaTypeorm(socketError('ECONNREFUSED')))!;
    expect(failure.message).not.toMatch(/127\.0\.0\.1|5433|SELECT/);
  });

  it('tells the server log what the database said', () => {
    expect(describeDatabaseFailure(viaTypeorm(pgError('57P01', 'terminating connection due to administrator command')))).toBe(
      '57P01: terminating connection due to administrator command',
    );
    expect(describeDatabaseFailure(new Error('something else'))).toBe('something else');
  });

  it('survives an error that wraps itself', () => {
    const loop: Error & { cause?: unknown } = new Error('loop');
    loop.cause = loop;
    expect(databaseFailure(loop)).toBeNull();
  });
});
