import { ConfigError, databaseUrlFor, loadConfig } from './config';

describe('loadConfig', () => {
  it('has working defaults for a newcomer', () => {
    const config = loadConfig({});
    expect(config.gatewayPort).toBe(4000);
    expect(config.subgraphPorts).toEqual({ brands: 4001, inventory: 4002, partners: 4003, platform: 4005 });
    expect(config.usage).toMatchObject({ enabled: true, samplingRate: 1, checkDays: 30 });
    expect(config.persistedOperations).toBe('allow');
    expect(config.subgraphUrls.inventory).toBe('http://127.0.0.1:4002/graphql');
    expect(config.seedDemo).toBe(true);
    expect(config.telemetryDisabled).toBe(true);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.maxInputStringLength).toBe(10_000);
    expect(config.registryUrlAllowlist).toEqual([
      { kind: 'cidr', address: '127.0.0.0', prefix: 8, family: 'ipv4' },
      { kind: 'cidr', address: '::1', prefix: 128, family: 'ipv6' },
      { kind: 'host', pattern: 'localhost' },
    ]);
  });

  it('reads the registry URL allowlist once, naming a bad entry', () => {
    expect(loadConfig({ REGISTRY_URL_ALLOWLIST: '*.svc.cluster.local,10.0.0.0/8' }).registryUrlAllowlist).toEqual([
      { kind: 'host', pattern: '*.svc.cluster.local' },
      { kind: 'cidr', address: '10.0.0.0', prefix: 8, family: 'ipv4' },
    ]);
    expect(() => loadConfig({ REGISTRY_URL_ALLOWLIST: 'localhost,10.0.0.0/40' })).toThrow(/REGISTRY_URL_ALLOWLIST.*10\.0\.0\.0\/40/);
  });

  it('fails fast with one line naming the bad setting', () => {
    expect(() => loadConfig({ GATEWAY_PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ GATEWAY_PORT: 'eighty' })).toThrow(/GATEWAY_PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ MAX_INPUT_STRING_LENGTH: '10' })).toThrow(/MAX_INPUT_STRING_LENGTH/);
  });

  it('bounds every database pool and sets PostgreSQL’s timeouts, below the gateway’s subgraph timeout', () => {
    const config = loadConfig({});
    expect(config.database).toEqual({ poolMax: 20, statementTimeoutMs: 5000, lockTimeoutMs: 3000, idleInTransactionTimeoutMs: 10_000, connectTimeoutMs: 5000, preparedStatements: true });
    expect(loadConfig({ DB_PREPARED_STATEMENTS: 'false' }).database.preparedStatements).toBe(false);
    expect(config.database.statementTimeoutMs).toBeLessThan(config.resilience.timeoutMs);
    expect(config.shutdownGraceMs).toBe(10_000);
    expect(loadConfig({ DB_POOL_MAX: '5', DB_STATEMENT_TIMEOUT_MS: '0', DB_LOCK_TIMEOUT_MS: '250', SHUTDOWN_GRACE_MS: '0' })).toMatchObject({
      database: { poolMax: 5, statementTimeoutMs: 0, lockTimeoutMs: 250 },
      shutdownGraceMs: 0,
    });
    expect(() => loadConfig({ DB_POOL_MAX: '0' })).toThrow(/DB_POOL_MAX/);
    expect(() => loadConfig({ DB_CONNECT_TIMEOUT_MS: '0' })).toThrow(/DB_CONNECT_TIMEOUT_MS/);
    expect(() => loadConfig({ DB_LOCK_TIMEOUT_MS: '-1' })).toThrow(/DB_LOCK_TIMEOUT_MS/);
  });

  it('reads flags the way people write them', () => {
    expect(loadConfig({ SEED_DEMO: 'false' }).seedDemo).toBe(false);
    expect(loadConfig({ SEED_DEMO: '0' }).seedDemo).toBe(false);
    expect(loadConfig({ APOLLO_TELEMETRY_DISABLED: 'false' }).telemetryDisabled).toBe(false);
  });
});

describe('databaseUrlFor', () => {
  it('puts each subgraph in its own database on the DATABASE_URL server', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u:p@db.internal:5432/app?sslmode=require' });
    expect(databaseUrlFor(config, 'brands')).toBe('postgres://u:p@db.internal:5432/trellis_brands?sslmode=require');
  });

  it('prefers a subgraph’s own URL', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://a/x', PARTNERS_DATABASE_URL: 'postgres://b/partners' });
    expect(databaseUrlFor(config, 'partners')).toBe('postgres://b/partners');
  });

  it('says what to do when there is no database', () => {
    expect(() => databaseUrlFor(loadConfig({}), 'inventory')).toThrow(/DATABASE_URL.*npm start/);
  });

  describe('the console', () => {
    it('offers the dev sign-in only on a local installation: local secret, loopback bind', () => {
      expect(loadConfig({}).console).toEqual({ devSignIn: true, devTokenTtlSeconds: 3600, oidc: undefined });
      expect(loadConfig({ HOST: '0.0.0.0' }).console.devSignIn).toBe(false);
      expect(loadConfig({ JWT_JWKS_URL: 'https://login.example.test/jwks' }).console.devSignIn).toBe(false);
      expect(loadConfig({ HOST: '0.0.0.0', CONSOLE_DEV_SIGNIN: 'on' }).console.devSignIn).toBe(true);
      expect(loadConfig({ CONSOLE_DEV_SIGNIN: 'off' }).console.devSignIn).toBe(false);
    });

    it('keeps dev tokens within the longest lifetime the gateway accepts', () => {
      expect(loadConfig({ CONSOLE_DEV_TOKEN_TTL: '2d', JWT_MAX_LIFETIME: '12h' }).console.devTokenTtlSeconds).toBe(43_200);
      expect(() => loadConfig({ CONSOLE_DEV_TOKEN_TTL: 'soon' })).toThrow(/CONSOLE_DEV_TOKEN_TTL/);
    });

    it('takes an OpenID Connect issuer only with a client id', () => {
      expect(() => loadConfig({ CONSOLE_OIDC_ISSUER: 'https://login.example.test' })).toThrow(/CONSOLE_OIDC_CLIENT_ID/);
      expect(loadConfig({ CONSOLE_OIDC_ISSUER: 'https://login.example.test', CONSOLE_OIDC_CLIENT_ID: 'console' }).console.oidc).toEqual({
        issuer: 'https://login.example.test',
        clientId: 'console',
        scope: 'openid profile',
        tokenType: 'access_token',
      });
    });
  });
});
