import { randomBytes } from 'node:crypto';
import { withDatabase, type SubgraphName } from '../../shared/src/config';
import { createLogger } from '../../shared/src/logger';
import { startSubgraph, type RunningSubgraph, type SubgraphDefinition } from '../../shared/src/subgraph/server';
import { startGateway, type RunningGateway } from '../../gateway/src/gateway';
import { brandsSubgraph } from '../../subgraphs/brands/src/subgraph';
import { inventorySubgraph } from '../../subgraphs/inventory/src/subgraph';
import { partnersSubgraph } from '../../subgraphs/partners/src/subgraph';

const DEFINITIONS: Record<SubgraphName, SubgraphDefinition<any>> = {
  brands: brandsSubgraph,
  inventory: inventorySubgraph,
  partners: partnersSubgraph,
};

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

/**
 * The whole graph for one test file: three subgraphs on real HTTP ports, each on its own fresh
 * database of the run's PostgreSQL, seeded with the demo portfolio, behind a real gateway.
 */
export class Stack {
  readonly subgraphs = {} as Record<SubgraphName, RunningSubgraph>;
  private readonly databases = {} as Record<SubgraphName, string>;
  gateway!: RunningGateway;

  static async start(): Promise<Stack> {
    const stack = new Stack();
    const serverUrl = process.env.TRELLIS_TEST_SERVER_URL;
    if (!serverUrl) throw new Error('TRELLIS_TEST_SERVER_URL is not set: run the tests through jest (see jest.config.js).');
    const prefix = `t${randomBytes(4).toString('hex')}`;
    await Promise.all(
      (Object.keys(DEFINITIONS) as SubgraphName[]).map(async (name) => {
        stack.databases[name] = withDatabase(serverUrl, `${prefix}_${name}`);
        stack.subgraphs[name] = await startSubgraph(DEFINITIONS[name], {
          databaseUrl: stack.databases[name],
          port: 0,
          seed: true,
          logLevel: 'error',
        });
      }),
    );
    stack.gateway = await startGateway({
      subgraphs: (Object.keys(DEFINITIONS) as SubgraphName[]).map((name) => ({ name, url: stack.subgraphs[name].url })),
      port: 0,
      pollIntervalMs: 1000,
      logger: createLogger('gateway', 'silent'),
    });
    return stack;
  }

  get baseUrl(): string {
    return this.gateway.url.replace(/\/graphql$/, '');
  }

  async query<T = any>(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<GraphQLResponse<T>> {
    const response = await fetch(this.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, ...((await response.json()) as object) };
  }

  /** Stops one subgraph as if its process died. */
  async stopSubgraph(name: SubgraphName): Promise<void> {
    await this.subgraphs[name].stop();
  }

  /** Starts a stopped subgraph again on the same port and database. */
  async restartSubgraph(name: SubgraphName): Promise<void> {
    this.subgraphs[name] = await startSubgraph(DEFINITIONS[name], {
      databaseUrl: this.databases[name],
      port: this.subgraphs[name].port,
      seed: true,
      logLevel: 'error',
    });
  }

  async stop(): Promise<void> {
    await this.gateway?.stop();
    await Promise.all(Object.values(this.subgraphs).map((s) => s.stop()));
  }
}
