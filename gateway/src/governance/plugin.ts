import { createHash } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import { print, type GraphQLSchema } from 'graphql';
import { trellisError } from '../../../shared/src/errors';
import type { GatewayContext } from '../context';
import { applyDenials } from './apply-denials';
import { authorizeOperation, type Denial } from './authorize-operation';
import { GovernanceRules } from '../../../shared/src/governance/rules';

export interface GovernancePluginOptions {
  /** `filter` (default): denied fields come back null with an error; `reject`: the operation is refused. */
  mode?: 'filter' | 'reject';
}

/**
 * Enforces the governance directives at the gateway, before planning. The rule index is built from
 * the supergraph SDL each time a supergraph loads and is keyed by its API schema, so a request is
 * always judged by the rules of the schema it was validated against, even across a hot reload.
 */
export function ApolloServerPluginGovernance(options: GovernancePluginOptions = {}): ApolloServerPlugin<GatewayContext> {
  const rulesBySchema = new WeakMap<GraphQLSchema, GovernanceRules>();
  return {
    async serverWillStart() {
      return {
        schemaDidLoadOrUpdate({ apiSchema, coreSupergraphSdl }) {
          if (coreSupergraphSdl) rulesBySchema.set(apiSchema, GovernanceRules.fromSdl(coreSupergraphSdl));
        },
      };
    },
    async requestDidStart() {
      let denials: Denial[] = [];
      return {
        async didResolveOperation(requestContext) {
          const rules = rulesBySchema.get(requestContext.schema);
          if (!rules) throw trellisError('SERVICE_UNAVAILABLE', 'Governance rules are not loaded for this schema; try again.');
          const result = authorizeOperation({
            schema: requestContext.schema,
            document: requestContext.document,
            operationName: requestContext.operationName ?? requestContext.request.operationName,
            variables: requestContext.request.variables,
            rules,
            principal: requestContext.contextValue.principal,
          });
          if (result.denials.length === 0) return;
          if (options.mode === 'reject') {
            const [first] = result.denials;
            throw trellisError(
              first!.code,
              `Operation refused: ${result.denials.map((d) => `${d.path.join('.')} (${d.code})`).join(', ')}. Remove these fields or use a token that may see them.`,
              { denials: result.denials.map(({ code, coordinate, path }) => ({ code, coordinate, path })) },
            );
          }
          denials = result.denials;
          // The gateway plans `document` and caches plans by `queryHash`: both must describe the filtered operation.
          const mutable = requestContext as { document: typeof result.document; queryHash: string };
          mutable.document = result.document;
          mutable.queryHash = createHash('sha256').update(print(result.document)).digest('hex');
        },
        async willSendResponse({ response }) {
          if (denials.length === 0 || response.body.kind !== 'single') return;
          response.body.singleResult = applyDenials(response.body.singleResult, denials) as typeof response.body.singleResult;
        },
      };
    },
  };
}
