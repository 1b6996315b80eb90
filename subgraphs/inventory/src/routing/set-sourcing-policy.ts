import type { DataSource } from 'typeorm';
import { trellisError } from '../../../../shared/src/errors';
import { audited, requireReason, type AuditContext } from '../../../../shared/src/ledger/ledger';
import { resolveBrand } from './resolve-brand';
import { SourcingPolicyEntity } from './routing.entities';
import type { NodeKind, OperatorType } from './routing.model';
import type { RoutingServices } from './routing-services';
import { checkSourcingPolicyInput, type SourcingPolicyInput } from './sourcing-policy-input';
import { leavesARoutableNode, operatorsAllowedBy, toRoutingPolicy } from './sourcing-policy';

/**
 * Sets a brand's sourcing policy. It must leave at least one node the brand's fulfillment operating
 * model allows: a policy that contradicts the decided model is refused rather than silently
 * routing nowhere.
 */
export async function setSourcingPolicy(
  dataSource: DataSource,
  services: RoutingServices,
  context: AuditContext,
  input: SourcingPolicyInput,
): Promise<SourcingPolicyEntity> {
  const reason = requireReason(input.reason, 'input.reason');
  const checked = checkSourcingPolicyInput(input);
  const kinds = checked.allowedKinds;
  const brand = await resolveBrand(services, context, input.brand);
  const operators = operatorsAllowedBy(brand.fulfillmentModel);
  return audited(dataSource, context, async ({ manager, record }) => {
    const network: { kind: NodeKind; operatorType: OperatorType }[] = await manager.query(
      `SELECT DISTINCT n.kind, n.operator_type AS "operatorType" FROM fulfillment_node n
        WHERE n.active AND (n.operator_brand_id = $1 OR EXISTS (
          SELECT 1 FROM stock_position sp JOIN sku s ON s.id = sp.sku_id WHERE sp.node_id = n.id AND s.brand_id = $1))`,
      [brand.id],
    );
    if (!leavesARoutableNode(network, kinds, operators)) {
      throw trellisError(
        'POLICY_CONFLICTS_WITH_OPERATING_MODEL',
        `${brand.slug}'s fulfillment is decided ${brand.fulfillmentModel}, which ships only from ${operators?.join('/')}-run nodes; ` +
          `none of its nodes of kind ${kinds.join(', ')} is one. Allow a kind those nodes have, or change the operating model first.`,
        { fulfillmentModel: brand.fulfillmentModel, allowedOperators: operators },
      );
    }
    const previous = await manager.findOneBy(SourcingPolicyEntity, { brandId: brand.id });
    const policy = Object.assign(new SourcingPolicyEntity(), {
      brandId: brand.id,
      allowedKinds: kinds,
      weightCost: checked.weights.cost,
      weightPromiseSlack: checked.weights.promiseSlack,
      weightMargin: checked.weights.margin,
      weightStockDepth: checked.weights.stockDepth,
      maxSplit: checked.maxSplit,
      standardPromiseDays: checked.standardPromiseDays,
      expressPromiseDays: checked.expressPromiseDays,
      updatedBy: context.principal.sub,
      updatedAt: new Date(),
    });
    await manager.save(policy);
    record({
      subject: { type: 'SourcingPolicy', id: brand.id, brandId: brand.id, capability: 'FULFILLMENT' },
      before: previous ? toRoutingPolicy(previous) : null,
      after: { ...toRoutingPolicy(policy), fulfillmentModel: brand.fulfillmentModel },
      reason,
    });
    return policy;
  });
}
