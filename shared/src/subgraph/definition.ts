import type { DataSource } from 'typeorm';
import type { NonEmptyArray } from 'type-graphql';
import type { z } from 'zod';
import type { GovernedContext } from '../governance/subgraph-enforcement';
import type { LedgerContext } from '../ledger/ledger.resolver';
import type { Logger } from '../logger';
import type { GraphClient } from './graph-client';
import type { Observation } from '../observability/request-observation';
import type { ReferenceResolvers } from './build-schema';

/* eslint-disable @typescript-eslint/no-unsafe-function-type -- type-graphql and TypeORM take classes as `Function` */

/**
 * Everything that makes one subgraph, declared by the team that owns it. The shared server
 * (`startSubgraph`) adds what every Trellis subgraph has: its database and migrations, the
 * decision ledger and the access log when it keeps them, governance enforcement, the gateway's
 * signature check, health, and its settings parsed once from the environment.
 *
 * `L` are its per-request loaders, `S` its long-lived services, `C` its own settings.
 */
export interface SubgraphDefinition<L = unknown, S = unknown, C = unknown> {
  /** Lower-case letters, digits and dashes; also its registry name. */
  name: string;
  /** The port it listens on when `<NAME>_PORT` is not set. */
  defaultPort?: number;
  resolvers: NonEmptyArray<Function>;
  /** Types no field reaches in this subgraph (entity stubs other subgraphs extend). */
  orphanedTypes?: Function[];
  referenceResolvers?: ReferenceResolvers;
  /** Its own tables; the ledger and access-log tables are added for it. */
  entities: Function[];
  migrations: Function[];
  /**
   * Its own settings, read from the environment once at start: a zod schema over the environment
   * variables that yields the typed settings (e.g. `RESERVATION_TTL_MINUTES` → `reservationTtlMinutes`).
   */
  settings?: z.ZodType<C>;
  /** Keeps the decision ledger (required when it has mutations): the root and `Brand` fields it serves it as. */
  ledger?: {
    rootField: string;
    brandField: string;
    /** The `Brand` entity stub of this subgraph, which the brand field extends. */
    brandType: Function;
    /** Said in descriptions: "the <label> decision ledger". */
    label: string;
    /** Which entries concern a brand (SQL over `e` and `b.brand_id`); default: the entry's brand. */
    brandCondition?: string;
  };
  /** Keeps the access log of `@sensitive` reads (required when it has such fields): the root field it serves it as. */
  accessLog?: { rootField: string; label: string };
  /**
   * The brands of each entity its mutations change (`@brandsOf(entity:, id:)`): brand ids, or null
   * when the id names no such entity.
   */
  brandsOf?: Record<string, (dataSource: DataSource, id: string) => Promise<string[] | null>>;
  /** Its per-request loaders, made fresh for every request. */
  createLoaders(dataSource: DataSource, services: S): L;
  /** Seeds the demo portfolio into an empty database; must be idempotent. */
  seed?(dataSource: DataSource, logger: Logger): Promise<void>;
  /** Makes its long-lived services and background work; `stop` ends them. */
  start?(environment: SubgraphEnvironment<C>): { services: S; stop?: () => void | Promise<void> };
}

/** What a subgraph's services are made from. */
export interface SubgraphEnvironment<C = unknown> {
  dataSource: DataSource;
  logger: Logger;
  settings: C;
  /** The graph, through the gateway, as this subgraph's own service identity: for facts other subgraphs own. */
  graph: GraphClient;
}

/** What every resolver of a subgraph receives: fresh per request, never shared. */
export interface SubgraphContext<L = unknown, S = unknown> extends GovernedContext, Partial<LedgerContext> {
  requestId: string;
  dataSource: DataSource;
  loaders: L;
  /** The subgraph's long-lived services (caches, the graph client), made once at start. */
  services: S;
  /** The nonce and expiry of the gateway signature this request came with. */
  signature?: { nonce: string; expiresAt: Date };
  /** What the request was, for its access line and metrics. */
  observation?: Observation;
}

/** Declares a subgraph with its types inferred (no casts needed). */
export function defineSubgraph<L, S = undefined, C = undefined>(definition: SubgraphDefinition<L, S, C>): SubgraphDefinition<L, S, C> {
  return definition;
}
