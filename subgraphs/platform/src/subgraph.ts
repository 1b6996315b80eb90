import { z } from 'zod';
import { withDatabase } from '../../../shared/src/config';
import { defineSubgraph } from '../../../shared/src/subgraph/definition';
import { Brand, brandReference, Capability } from './brand/brand.type';
import { SharedServiceEntity } from './catalogue/shared-service.entity';
import { SharedServiceResolver, sharedServiceReference } from './catalogue/shared-service.resolver';
import { ClientAppResolver } from './client-app/client-app.resolver';
import type { PlatformServices } from './context';
import { createLoaders } from './loaders';
import { Init1765000000000 } from './migrations/1765000000000-init';
import { RegistryResolver } from './registry/registry.resolver';
import { RegistryStore } from './registry/registry-store';
import { seedPlatform } from './seed';
import { BrandShowbackResolver, ShowbackResolver } from './showback/showback.resolver';

const postgresUrl = z.url({ protocol: /^postgres(ql)?$/ });

/** Where the registry's database is: REGISTRY_DATABASE_URL, else `trellis_registry` on DATABASE_URL. */
export const PlatformSettings = z
  .object({ REGISTRY_DATABASE_URL: postgresUrl.optional(), DATABASE_URL: postgresUrl.optional() })
  .transform((env) => ({ registryDatabaseUrl: env.REGISTRY_DATABASE_URL ?? (env.DATABASE_URL ? withDatabase(env.DATABASE_URL, 'trellis_registry') : undefined) }));
export type PlatformSettings = z.output<typeof PlatformSettings>;

/**
 * The platform subgraph: the control plane in the graph. The registry (subgraphs, versions with
 * their checks, supergraphs, the registry ledger, client apps) and the gateways' usage records are
 * read from the registry's database, read-only; the service catalogue is its own, in its own
 * database, with its own ledger.
 */
export const platformSubgraph = defineSubgraph({
  name: 'platform',
  defaultPort: 4005,
  settings: PlatformSettings,
  resolvers: [RegistryResolver, ClientAppResolver, SharedServiceResolver, ShowbackResolver, BrandShowbackResolver],
  orphanedTypes: [Brand, Capability],
  referenceResolvers: { Brand: brandReference, SharedService: sharedServiceReference },
  entities: [SharedServiceEntity],
  migrations: [Init1765000000000],
  ledger: { rootField: 'platformLedger', brandField: 'platformLedger', brandType: Brand, label: 'platform' },
  accessLog: { rootField: 'platformAccessLog', label: 'platform' },
  start: ({ logger, graph, settings }) => {
    const registry = new RegistryStore(settings.registryDatabaseUrl, logger);
    const services: PlatformServices = { registry, graph };
    return { services, stop: () => registry.stop() };
  },
  createLoaders,
  seed: seedPlatform,
});
