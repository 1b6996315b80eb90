import { gatewaySigningKey, servicePublicKeys } from '../../shared/src/auth/key-material';
import { CORE_SUBGRAPHS, databaseUrlFor, resolveJwtSecret, type TrellisConfig } from '../../shared/src/config';
import { stopOnSignals } from '../../shared/src/process/stop-on-signals';
import { bootProcess } from '../../shared/src/observability/process';
import { startGateway } from './gateway';
import { DEFAULT_COST_BUDGETS } from './limits/budgets';
import { DEFAULT_COST_MODEL } from './limits/cost';
import { checkSubgraphs } from './readiness';

export interface GatewayProcessOptions {
  /** Serve this supergraph file instead of the registry's (`SUPERGRAPH_FILE`). */
  supergraphFile?: string;
  /** Refuse a supergraph file that fails the governance lint (`SUPERGRAPH_STRICT`). */
  strict?: boolean;
  port?: number;
}

/**
 * The gateway as a process: on the registry (waiting, on a new installation, for the core
 * subgraphs to register them), or on a supergraph file; stops cleanly on SIGINT/SIGTERM. A start-up
 * failure logs one line and exits non-zero.
 */
export function runGatewayProcess(overrides: GatewayProcessOptions = {}): void {
  const { config, logger, tracing } = bootProcess('gateway');
  const supergraphFile = overrides.supergraphFile ?? config.supergraphFile;
  (async () => {
    const subgraphs = CORE_SUBGRAPHS.map((name) => ({ name, url: config.subgraphUrls[name] }));
    if (!supergraphFile) await waitForSubgraphs(subgraphs);
    const gateway = await startGateway({
      ...(supergraphFile
        ? { supergraphFile, strictLint: overrides.strict ?? config.supergraphStrict }
        : { registryDatabaseUrl: databaseUrlFor(config, 'registry'), bootstrapSubgraphs: subgraphs, registryUrlAllowlist: config.registryUrlAllowlist }),
      port: overrides.port ?? config.gatewayPort,
      host: config.host,
      telemetryDisabled: config.telemetryDisabled,
      auth: {
        secret: resolveJwtSecret(config),
        jwksUrl: config.auth.jwksUrl,
        issuer: config.auth.issuer,
        audience: config.auth.audience,
        maxLifetimeSeconds: config.auth.maxLifetimeSeconds,
        verifiedTokenCacheSize: config.tokenCacheMaxEntries,
        services: servicePublicKeys(config),
      },
      signingKey: await gatewaySigningKey(config),
      signatureTtlSeconds: config.auth.signatureMaxAgeSeconds,
      governanceMode: config.governanceMode,
      executor: config.executor,
      batchFetches: config.batchFetches,
      maxInputStringLength: config.maxInputStringLength,
      limits: config.limits,
      costModel: { ...DEFAULT_COST_MODEL, defaultListSize: config.costDefaultListSize },
      budgets: { ...DEFAULT_COST_BUDGETS, ...config.costBudgets },
      callerRate: config.callerRate,
      resilience: config.resilience,
      usage: config.usage,
      persistedOperations: config.persistedOperations,
      fetchSharing: {
        ...config.fetchSharing,
        // Trellis's own subgraphs keep ledgers; a supergraph file may name anything, so nothing is cached from one.
        ledgerDatabases: supergraphFile ? {} : ledgerDatabases(config),
      },
      database: config.database,
      shutdownGraceMs: config.shutdownGraceMs,
      console: {
        // Dev tokens are HS256 tokens of the local secret: with JWT_JWKS_URL the gateway would refuse them anyway.
        devSignIn:
          config.console.devSignIn && !config.auth.jwksUrl
            ? { secret: resolveJwtSecret(config), issuer: config.auth.issuer, audience: config.auth.audience, ttlSeconds: config.console.devTokenTtlSeconds }
            : undefined,
        oidc: config.console.oidc,
      },
      logger,
    });
    logger.info(`serving ${gateway.url}${supergraphFile ? ` from ${supergraphFile}` : ''}`);
    stopOnSignals(
      async () => {
        await gateway.stop();
        await tracing?.shutdown();
      },
      {
        logger,
        graceMs: config.shutdownGraceMs,
        // After the grace period a statement still running is waited for (the pool closes after it), up to its timeout.
        marginMs: Math.max(5_000, config.database.statementTimeoutMs + 1_000),
      },
    );
  })().catch((error: Error) => {
    logger.error(`cannot start: ${error.message}`);
    process.exit(1);
  });
}

/** The first composition needs every core subgraph's schema: wait for them rather than fail. */
async function waitForSubgraphs(subgraphs: { name: string; url: string }[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const down = (await checkSubgraphs(subgraphs)).filter((s) => !s.ok);
    if (down.length === 0) return;
    if (Date.now() > deadline) throw new Error(`subgraphs not answering: ${down.map((d) => `${d.name} (${d.detail})`).join(', ')}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** The databases of the core subgraphs that keep a ledger (their appends invalidate the response cache); none when they cannot be told. */
function ledgerDatabases(config: TrellisConfig): Record<string, string> {
  try {
    return Object.fromEntries(LEDGER_SUBGRAPHS.map((name) => [name, databaseUrlFor(config, name)]));
  } catch {
    return {};
  }
}

const LEDGER_SUBGRAPHS = ['brands', 'inventory', 'partners'] as const;
