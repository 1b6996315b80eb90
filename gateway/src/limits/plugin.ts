import type { ApolloServerPlugin } from '@apollo/server';
import { getOperationAST, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import type { Principal } from '../../../shared/src/auth/principal';
import { trellisError } from '../../../shared/src/errors';
import type { GatewayContext } from '../context';
import type { SupergraphRules } from '../supergraph/supergraph-rules';
import { compileActualCost, estimateCost, type ActualCost, type CostModel } from './cost';
import { exceededLimit, fragmentsOf, measureOperation, type OperationLimits } from './operation-limits';
import { OperationMemo, variablesKey } from '../operation-memo';

export interface DemandControlOptions {
  rules: SupergraphRules;
  limits: OperationLimits;
  model: CostModel;
  /** Cost budget per role; a caller gets the largest of its roles' (a service: `service`, no role: `default`). */
  budgets: Readonly<Record<string, number>>;
  /** Told the estimate and the actual cost of every executed operation (metrics). */
  onCost?: (cost: { estimated: number; actual: number; operationName: string | null }) => void;
}

export const COST_HEADER = 'x-trellis-cost';

export function budgetOf(principal: Principal, budgets: Readonly<Record<string, number>>): number {
  const candidates = principal.sub.startsWith('service:') ? ['service'] : principal.roles.length ? principal.roles : ['default'];
  const known = candidates.map((role) => budgets[role]).filter((b): b is number => typeof b === 'number');
  return known.length ? Math.max(...known) : (budgets.default ?? 0);
}

/**
 * Operation limits and demand control, before planning: an operation deeper, wider or with more
 * aliases, root fields or directives than configured, or whose estimated cost exceeds the caller's
 * budget, is refused with its own code, the limit and the measured value — and no subgraph is
 * called. The actual cost of every executed operation is counted from its response and reported in
 * the `x-trellis-cost` header (`estimated=…, actual=…, budget=…`).
 *
 * Install it before the governance plugin: it judges the operation as the caller sent it.
 */
export function ApolloServerPluginDemandControl(options: DemandControlOptions): ApolloServerPlugin<GatewayContext> {
  // Limits and the estimate depend on the document, the operation picked and the variables — not
  // on the caller (only the budget does): remembered by exactly those.
  type Judgement = { operation?: OperationDefinitionNode; fragments?: ReturnType<typeof fragmentsOf>; violation?: ReturnType<typeof exceededLimit>; estimated?: number };
  const judgements = new OperationMemo<Judgement>();
  // The actual cost's walk over the executed operation (governance may have filtered it: another
  // document, itself remembered per document and rights), compiled once per document, operation and variables.
  const actualCosts = new OperationMemo<ActualCost | undefined>();
  return {
    async requestDidStart() {
      let estimate: { estimated: number; budget: number; document: DocumentNode; operation: OperationDefinitionNode; fragments: ReturnType<typeof fragmentsOf> } | undefined;
      return {
        async didResolveOperation(requestContext) {
          const { document, schema, contextValue } = requestContext;
          const rules = options.rules.for(schema);
          const operationName = requestContext.request.operationName;
          const judgement = judgements.get(schema, document, `${operationName ?? ''}\u0000${variablesKey(requestContext.request.variables)}`, (): Judgement => {
            const operation = getOperationAST(document, operationName);
            if (!operation) return {};
            const fragments = fragmentsOf(document);
            const violation = exceededLimit(measureOperation(operation, fragments), options.limits);
            if (violation || !rules) return { operation, fragments, violation };
            const walk = { schema, rules, fragments, variables: requestContext.request.variables ?? {}, model: options.model };
            return { operation, fragments, estimated: estimateCost(walk, operation) };
          });
          const { operation, violation } = judgement;
          if (!operation) return;
          if (violation && contextValue.demand) contextValue.demand.refusedByDemandControl = true;
          if (violation) throw refusal(violation.code, violation.message, { limit: violation.limit, measured: violation.measured });
          if (!rules) throw trellisError('SERVICE_UNAVAILABLE', 'Demand-control rules are not loaded for this schema; try again.');
          const estimated = judgement.estimated!;
          const budget = budgetOf(contextValue.principal, options.budgets);
          if (estimated > budget) {
            if (contextValue.demand) contextValue.demand.refusedByDemandControl = true;
            throw refusal('COST_LIMIT_EXCEEDED', `Operation refused: its estimated cost is ${estimated}, over your budget of ${budget}. Ask for fewer items (smaller \`first\`), or split the operation.`, {
              estimatedCost: estimated,
              budget,
            });
          }
          estimate = { estimated, budget, document, operation, fragments: judgement.fragments! };
          contextValue.estimatedCost = estimated;
          if (contextValue.demand) contextValue.demand.estimatedCost = estimated;
        },
        async willSendResponse(requestContext) {
          if (!estimate || requestContext.response.body.kind !== 'single') return;
          const rules = options.rules.for(requestContext.schema)!;
          // The actual cost is counted over the operation as executed: governance may have filtered it.
          const executed = requestContext.document!;
          const operationName = requestContext.request.operationName;
          const variables = requestContext.request.variables;
          const costOf = actualCosts.get(requestContext.schema, executed, `${operationName ?? ''}\u0000${variablesKey(variables)}`, () => {
            const operation = executed === estimate!.document ? estimate!.operation : getOperationAST(executed, operationName);
            if (!operation) return undefined;
            const fragments = executed === estimate!.document ? estimate!.fragments : fragmentsOf(executed);
            return compileActualCost({ schema: requestContext.schema, rules, fragments, variables: variables ?? {}, model: options.model }, operation);
          });
          if (!costOf) return;
          const actual = costOf(requestContext.response.body.singleResult.data);
          requestContext.response.http.headers.set(COST_HEADER, `estimated=${estimate.estimated}, actual=${actual}, budget=${estimate.budget}`);
          options.onCost?.({ estimated: estimate.estimated, actual, operationName: requestContext.operationName ?? null });
        },
      };
    },
  };
}

function refusal(code: Parameters<typeof trellisError>[0], message: string, extensions: Record<string, unknown>) {
  return trellisError(code, message, { ...extensions, http: { status: 400 } });
}
