import type { SupergraphManager } from '@apollo/gateway';
import type express from 'express';
import type { Principal } from '../../../shared/src/auth/principal';
import type { Registry } from '../registry/registry';

/** The supergraph a gateway serves, and where it comes from: the registry, or a file. */
export interface SupergraphSource {
  /** What `@apollo/gateway` loads supergraphs from. */
  manager: SupergraphManager;
  /** The supergraph in service: its version (when it has one) and the subgraphs it routes to. */
  served(): { version?: number; subgraphs: { name: string; url: string }[] } | undefined;
  /** The registry, when the supergraph comes from one. */
  registry?: Registry;
  /** Routes of its own (the registry API), behind the caller's authentication; `onClientChanged` hears of client apps registered. */
  mount?(app: express.Express, principalOf: (req: express.Request) => Promise<Principal>, onClientChanged?: (client: string) => void): void;
  stop(): Promise<void>;
}
