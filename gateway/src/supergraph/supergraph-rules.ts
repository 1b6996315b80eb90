import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import { GovernanceRules } from '../../../shared/src/governance/rules';

/**
 * The governance and demand-control rules of each supergraph the gateway has loaded, by its API
 * schema. `@apollo/gateway`'s API schema drops custom directives, so the rules are read from the
 * supergraph SDL each time one loads; keyed by the schema object, a request is always judged by the
 * rules of the schema it was validated against, even across a hot reload.
 */
export class SupergraphRules {
  private readonly bySchema = new WeakMap<GraphQLSchema, GovernanceRules>();

  for(schema: GraphQLSchema): GovernanceRules | undefined {
    return this.bySchema.get(schema);
  }

  /** The plugin that keeps this up to date; install it in the gateway's Apollo Server. */
  plugin(): ApolloServerPlugin {
    return {
      serverWillStart: async () => ({
        schemaDidLoadOrUpdate: ({ apiSchema, coreSupergraphSdl }) => {
          if (coreSupergraphSdl) this.bySchema.set(apiSchema, GovernanceRules.fromSdl(coreSupergraphSdl));
        },
      }),
    };
  }
}
