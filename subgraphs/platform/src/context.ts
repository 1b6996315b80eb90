import type { SubgraphContext } from '../../../shared/src/subgraph/definition';
import type { GraphClient } from '../../../shared/src/subgraph/graph-client';
import type { createLoaders } from './loaders';
import type { RegistryStore } from './registry/registry-store';

/** The platform subgraph's long-lived services. */
export interface PlatformServices {
  /** The registry's database, read-only: subgraphs, supergraphs, its ledger, client apps and usage. */
  registry: RegistryStore;
  /** The graph, as this subgraph's own service identity (capability codes of shared services). */
  graph: GraphClient;
}

export type PlatformLoaders = ReturnType<typeof createLoaders>;
export type PlatformContext = SubgraphContext<PlatformLoaders, PlatformServices>;
