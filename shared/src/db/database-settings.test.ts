import { DEFAULT_DATABASE_SETTINGS, poolOptions } from './database-settings';

describe('poolOptions', () => {
  it('bounds the pool and the wait for a connection, and sets PostgreSQL’s timeouts on every connection', () => {
    expect(poolOptions(DEFAULT_DATABASE_SETTINGS, 'trellis-inventory')).toEqual({
      max: 20,
      connectionTimeoutMillis: 5000,
      keepAlive: true,
      application_name: 'trellis-inventory',
      statement_timeout: 5000,
      lock_timeout: 3000,
      idle_in_transaction_session_timeout: 10_000,
    });
  });
});
