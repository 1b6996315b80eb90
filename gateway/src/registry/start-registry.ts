import type { DataSource } from 'typeorm';
import type { RequestSigner } from '../../../shared/src/auth/signing';
import { createDataSource } from '../../../shared/src/db/data-source';
import type { DatabaseSettings } from '../../../shared/src/db/database-settings';
import { ensureDatabase } from '../../../shared/src/db/ensure-database';
import { runMigrationsOneAtATime } from '../../../shared/src/db/run-migrations';
import { LedgerEntryEntity } from '../../../shared/src/ledger/ledger-entry.entity';
import type { Logger } from '../../../shared/src/logger';
import { describeAllowlist, urlRefusal, type UrlAllowlist } from '../../../shared/src/net/url-allowlist';
import { Registry } from './registry';
import { REGISTRY_ENTITIES } from './registry.entities';
import { RegistryChanges1764400000000 } from './registry-changes.migration';
import { RegistryInit1763810000000 } from './registry.migration';
import { Usage1765000000000 } from '../usage/usage.migration';
import { ClientApps1765000000001 } from './client-apps.migration';
import { signedSchemaFetcher } from './schema-source';

export interface RegistryOptions {
  /** The registry's database: every gateway on it serves the same supergraph. */
  databaseUrl: string;
  /** Subgraphs to register when the registry is empty (a new installation). */
  bootstrapSubgraphs?: readonly { name: string; url: string }[];
  /** Signs the registry's own requests to subgraphs (reading their schemas) as the gateway. */
  signer: RequestSigner;
  allowlist: UrlAllowlist;
  /** Days of usage checks look back over by default (USAGE_CHECK_DAYS). */
  usageCheckDays?: number;
  /** Pool size and PostgreSQL timeouts (DB_* settings); the registry needs at most 5 connections. */
  database?: DatabaseSettings;
  logger: Logger;
}

export interface RunningRegistry {
  registry: Registry;
  stop(): Promise<void>;
}

/**
 * The registry a gateway serves from: its database (created if missing, migrated), and on a new
 * installation the core subgraphs registered from their running services.
 */
export async function startRegistry(options: RegistryOptions): Promise<RunningRegistry> {
  const dataSource = await openRegistryDatabase(options.databaseUrl, options.logger, options.database);
  try {
    const registry = new Registry(dataSource, options.allowlist, signedSchemaFetcher(options.signer));
    if (options.usageCheckDays) registry.usageCheckDays = options.usageCheckDays;
    if (options.bootstrapSubgraphs?.length && !(await registry.head())) await registerCoreSubgraphs(registry, options.bootstrapSubgraphs, options.logger);
    await warnOutsideAllowlist(registry, options.logger);
    return { registry, stop: () => dataSource.destroy() };
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
}

/** The registry's database, created if missing and migrated. */
export async function openRegistryDatabase(databaseUrl: string, logger?: Logger, settings?: DatabaseSettings): Promise<DataSource> {
  await ensureDatabase(databaseUrl);
  const dataSource = createDataSource({
    url: databaseUrl,
    entities: [...REGISTRY_ENTITIES, LedgerEntryEntity],
    migrations: [RegistryInit1763810000000, RegistryChanges1764400000000, Usage1765000000000, ClientApps1765000000001],
    logger,
    settings,
    poolSize: Math.min(5, settings?.poolMax ?? 5),
    applicationName: 'trellis-registry',
  });
  await dataSource.initialize();
  try {
    await runMigrationsOneAtATime(dataSource);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}

async function registerCoreSubgraphs(registry: Registry, subgraphs: readonly { name: string; url: string }[], logger: Logger): Promise<void> {
  const sources = [];
  for (const subgraph of subgraphs) {
    const schema = await registry.readSchema(subgraph);
    if (schema.outcome === 'refused') {
      const hint = schema.code === 'ROUTING_URL_NOT_ALLOWED' ? ` (REGISTRY_URL_ALLOWLIST is ${describeAllowlist(registry.allowlist)})` : '';
      throw new Error(`subgraph "${subgraph.name}" cannot be registered: ${schema.message}${hint}`);
    }
    sources.push({ ...subgraph, sdl: schema.sdl });
  }
  const outcome = await registry.bootstrap(sources);
  if (outcome.outcome === 'refused') {
    throw new Error(`The supergraph was not composed: ${outcome.message}\n${(outcome.checks?.composition ?? []).map((e) => `  - ${e}`).join('\n')}`);
  }
  if (outcome.outcome === 'registered') logger.info(`registered ${sources.map((s) => s.name).join(', ')} in the registry`);
}

/**
 * Subgraphs registered before the allowlist existed (or was narrowed) keep being served: refusing
 * them at start would take the graph down. They are named, and their next publish must move them.
 */
async function warnOutsideAllowlist(registry: Registry, logger: Logger): Promise<void> {
  for (const subgraph of await registry.activeSubgraphs()) {
    const why = urlRefusal(subgraph.routingUrl, registry.allowlist);
    if (why) logger.warn(`subgraph "${subgraph.name}" is routed to ${subgraph.routingUrl}, outside REGISTRY_URL_ALLOWLIST (${why}); publish it at an allowed URL`);
  }
}
