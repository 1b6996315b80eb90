/**
 * How a service uses its database (DB_* settings): a bounded pool, and PostgreSQL's own timeouts
 * set on every connection, so one slow statement, a held lock or a transaction left open by a
 * stuck process cannot tie up the database or the service. 0 turns a PostgreSQL timeout off.
 */
export interface DatabaseSettings {
  /** Connections the pool keeps at most. */
  poolMax: number;
  /** `statement_timeout`: the longest one statement may run, lock waits included. */
  statementTimeoutMs: number;
  /** `lock_timeout`: the longest a statement waits for a lock. */
  lockTimeoutMs: number;
  /** `idle_in_transaction_session_timeout`: a session idle inside a transaction this long is ended. */
  idleInTransactionTimeoutMs: number;
  /** The longest to wait for a connection: a new one to be made, or a free one from a full pool. */
  connectTimeoutMs: number;
  /**
   * The reads every request makes go as named prepared statements (parsed and planned once per
   * connection). Off for a connection pooler that does not keep them (PgBouncer in transaction
   * mode before 1.21, or without `max_prepared_statements`).
   */
  preparedStatements: boolean;
}

/** Below the gateway's subgraph timeout (10 s): the database gives up on work nobody waits for any more. */
export const DEFAULT_DATABASE_SETTINGS: DatabaseSettings = {
  poolMax: 20,
  statementTimeoutMs: 5_000,
  lockTimeoutMs: 3_000,
  idleInTransactionTimeoutMs: 10_000,
  connectTimeoutMs: 5_000,
  preparedStatements: true,
};

/**
 * The node-postgres pool options for these settings. The timeouts travel as startup parameters of
 * every connection (no extra round trip), and `application_name` says in `pg_stat_activity` which
 * service a session belongs to.
 */
export function poolOptions(settings: DatabaseSettings, applicationName: string) {
  return {
    max: settings.poolMax,
    connectionTimeoutMillis: settings.connectTimeoutMs,
    // A connection whose peer vanished without closing it (a network partition) is found out by TCP.
    keepAlive: true,
    application_name: applicationName,
    statement_timeout: settings.statementTimeoutMs,
    lock_timeout: settings.lockTimeoutMs,
    idle_in_transaction_session_timeout: settings.idleInTransactionTimeoutMs,
  };
}
