import { gatewaySigningKey, servicePublicKeys } from '../../shared/src/auth/key-material';
import { CORE_SUBGRAPHS, databaseUrlFor, loadConfig, resolveJwtSecret } from '../../shared/src/config';
import { createLogger } from '../../shared/src/logger';
import { stopOnSignals } from '../../shared/src/process/stop-on-signals';
import { startGateway } from './gateway';
import { DEFAULT_COST_BUDGETS } from './limits/budgets';
import { DEFAULT_COST_MODEL } from './limits/cost';
import { checkSubgraphs } from './readiness';

const logger = createLogger('gateway');

async function main(): Promise<void> {
  const config = loadConfig();
  const subgraphs = CORE_SUBGRAPHS.map((name) => ({ name, url: config.subgraphUrls[name] }));

  // The first composition needs every subgraph's schema: wait for them rather than fail.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const down = (await checkSubgraphs(subgraphs)).filter((s) => !s.ok);
    if (down.length === 0) break;
    if (Date.now() > deadline) throw new Error(`subgraphs not answering: ${down.map((d) => `${d.name} (${d.detail})`).join(', ')}`);
    await new Promise((r) => setTimeout(r, 500));
  }

  const gateway = await startGateway({
    registryDatabaseUrl: databaseUrlFor(config, 'registry'),
    bootstrapSubgraphs: subgraphs,
    registryUrlAllowlist: config.registryUrlAllowlist,
    port: config.gatewayPort,
    host: config.host,
    telemetryDisabled: config.telemetryDisabled,
    auth: {
      secret: resolveJwtSecret(config),
      jwksUrl: config.auth.jwksUrl,
      issuer: config.auth.issuer,
      audience: config.auth.audience,
      maxLifetimeSeconds: config.auth.maxLifetimeSeconds,
      services: servicePublicKeys(config),
    },
    signingKey: await gatewaySigningKey(config),
    signatureTtlSeconds: config.auth.signatureMaxAgeSeconds,
    governanceMode: config.governanceMode,
    maxInputStringLength: config.maxInputStringLength,
    limits: config.limits,
    costModel: { ...DEFAULT_COST_MODEL, defaultListSize: config.costDefaultListSize },
    budgets: { ...DEFAULT_COST_BUDGETS, ...config.costBudgets },
    resilience: config.resilience,
    database: config.database,
    shutdownGraceMs: config.shutdownGraceMs,
    logger,
  });
  logger.info(`serving ${gateway.url}`);
  stopOnSignals(() => gateway.stop(), {
    logger,
    graceMs: config.shutdownGraceMs,
    // After the grace period a statement still running is waited for (the pool closes after it), up to its timeout.
    marginMs: Math.max(5_000, config.database.statementTimeoutMs + 1_000),
  });
}

main().catch((error: Error) => {
  logger.error(`cannot start: ${error.message}`);
  process.exit(1);
});
