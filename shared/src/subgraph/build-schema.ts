import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import type { GraphQLSchema } from 'graphql';
import gql from 'graphql-tag';
import { buildSchema, createResolversMap, type NonEmptyArray } from 'type-graphql';
import { SUBGRAPH_SCHEMA_HEADER } from '../governance/directives';
import { GovernanceRules } from '../governance/rules';
import { enforceGovernance } from '../governance/subgraph-enforcement';

export type ReferenceResolvers = Record<string, { __resolveReference: (ref: any, context: any) => unknown }>;

export interface FederatedSchemaOptions {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  resolvers: NonEmptyArray<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  orphanedTypes?: Function[];
  referenceResolvers?: ReferenceResolvers;
}

/**
 * type-graphql classes → an `@apollo/subgraph` schema. type-graphql builds the schema with the
 * `@Directive`s it was given; we print it with those directives, prepend the federation and
 * governance `@link`s, let `buildSubgraphSchema` add `_service`/`_entities` and the reference
 * resolvers, and finally wrap the resolvers that the governance directives constrain.
 */
export async function buildFederatedSchema(options: FederatedSchemaOptions): Promise<{ schema: GraphQLSchema; sdl: string; rules: GovernanceRules }> {
  const typeGraphqlSchema = await buildSchema({
    resolvers: options.resolvers,
    orphanedTypes: options.orphanedTypes,
    skipCheck: true,
    validate: false,
  });
  const sdl = `${SUBGRAPH_SCHEMA_HEADER}\n${printSchemaWithDirectives(typeGraphqlSchema)}`;
  const resolvers = createResolversMap(typeGraphqlSchema) as GraphQLResolverMap<unknown>;
  for (const [typeName, reference] of Object.entries(options.referenceResolvers ?? {})) {
    resolvers[typeName] = { ...(resolvers[typeName] as object), ...reference } as never;
  }
  const typeDefs = gql(sdl);
  const rules = GovernanceRules.fromSdl(typeDefs);
  const schema = enforceGovernance(buildSubgraphSchema({ typeDefs, resolvers }), rules);
  return { schema, sdl, rules };
}
