import { createHash } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import { print } from 'graphql';
import { trellisError } from '../../../shared/src/errors';
import type { GatewayContext } from '../context';
import { applyDenials } from './apply-denials';
import { authorizeOperation, type AuthorizedOperation, type Denial } from './authorize-operation';
import type { SupergraphRules } from '../supergraph/supergraph-rules';
import { OperationMemo, rightsKey, variablesKey } from '../operation-memo';

export interface GovernancePluginOptions {
  /** The rules of each loaded supergraph. */
  rules: SupergraphRules;
  /** `filter` (default): denied fields come back null with an error; `reject`: the operation is refused. */
  mode?: 'filter' | 'reject';
}

/**
 * Enforces the governance directives at the gateway, before planning: a request is judged by the
 * rules of the supergraph whose schema it was validated against (see `SupergraphRules`).
 */
export function ApolloServerPluginGovernance(options: GovernancePluginOptions): ApolloServerPlugin<GatewayContext> {
  // The verdict depends on the document, the operation picked, the variables (brand arguments) and
  // the caller's rights: remembered by exactly those, with the filtered document's hash.
  const verdicts = new OperationMemo<{ result: AuthorizedOperation; queryHash?: string }>();
  return {
    async requestDidStart() {
      let denials: Denial[] = [];
      return {
        async didResolveOperation(requestContext) {
          const rules = options.rules.for(requestContext.schema);
          if (!rules) throw trellisError('SERVICE_UNAVAILABLE', 'Governance rules are not loaded for this schema; try again.');
          const operationName = requestContext.operationName ?? requestContext.request.operationName;
          const principal = requestContext.contextValue.principal;
          const key = `${operationName ?? ''}\u0000${rightsKey(principal)}\u0000${variablesKey(requestContext.request.variables)}`;
          const verdict = verdicts.get(requestContext.schema, requestContext.document, key, () => {
            const result = authorizeOperation({
              schema: requestContext.schema,
              document: requestContext.document,
              operationName,
              variables: requestContext.request.variables,
              rules,
              principal,
            });
            return { result, queryHash: result.denials.length ? createHash('sha256').update(print(result.document)).digest('hex') : undefined };
          });
          const { result } = verdict;
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
          mutable.queryHash = verdict.queryHash!;
        },
        async willSendResponse({ response }) {
          if (denials.length === 0 || response.body.kind !== 'single') return;
          response.body.singleResult = applyDenials(response.body.singleResult, denials) as typeof response.body.singleResult;
        },
      };
    },
  };
}
