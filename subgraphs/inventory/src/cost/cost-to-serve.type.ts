import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { BrandScoped, Owner, RequiresScopes, Sensitive } from '../../../../shared/src/governance/decorators';
import { NodeOperatorType } from '../fulfillment-node/fulfillment-node.type';

@ObjectType({ description: 'What shipping from one node cost: units × its cost per unit.' })
@Owner('inventory-platform')
export class FulfillmentCostLine {
  @Field(() => NodeOperatorType) operatorType: string;
  @Field(() => ID, { nullable: true, description: 'The partner running the node, if partner-run.' }) partnerId: string | null;
  @Field(() => Int) units: number;
  @Field(() => Float) costPerUnit: number;
  @Field(() => Float) amount: number;

  nodeId: string;
}

@ObjectType({ description: 'Node handling of the month’s orders, by node.' })
@Owner('inventory-platform')
export class FulfillmentCost {
  @Field(() => Float) amount: number;
  @Field(() => [FulfillmentCostLine]) lines: FulfillmentCostLine[];
}

@ObjectType({ description: 'One contract’s fees for the month.' })
@Owner('inventory-platform')
export class PartnerFeeLine {
  @Field(() => ID) contractId: string;
  @Field(() => ID) partnerId: string;
  @Field() partnerName: string;
  @Field(() => Float) monthlyFee: number;
  @Field(() => Int, { description: 'Orders shipped (at least partly) from the partner’s nodes.' }) orders: number;
  @Field(() => Float) feePerOrder: number;
  @Field(() => Float) amount: number;
}

@ObjectType({ description: 'The fees of the brand’s contracts in force in the month.' })
@Owner('inventory-platform')
export class PartnerFeesCost {
  @Field(() => Float) amount: number;
  @Field(() => [PartnerFeeLine]) lines: PartnerFeeLine[];
}

@ObjectType({ description: 'One shared service’s allocation to the brand.' })
@Owner('inventory-platform')
export class SharedServiceCostLine {
  @Field() serviceCode: string;
  @Field(() => String, { nullable: true, description: 'The capability the service serves.' }) capability: string | null;
  @Field(() => Float) amount: number;
}

@ObjectType({ description: 'The brand’s showback allocation of the shared services for the month.' })
@Owner('inventory-platform')
export class SharedServicesCost {
  @Field({ description: 'False when the graph has no showback: the line is 0 for want of one, not because nothing was used.' }) available: boolean;
  @Field(() => Float) amount: number;
  @Field(() => [SharedServiceCostLine]) lines: SharedServiceCostLine[];
}

@ObjectType({ description: 'Holding the brand’s stock: carrying on its value, ageing on what lies beyond 90 days of cover.' })
@Owner('inventory-platform')
export class InventoryCost {
  @Field(() => Float) amount: number;
  @Field(() => Float, { description: 'Σ on hand × unit cost, today.' }) stockValue: number;
  @Field(() => Float, { nullable: true, description: 'On hand / (units routed in the month / days); null when nothing was routed.' }) daysOfCover: number | null;
  @Field(() => Float) carrying: number;
  @Field(() => Float) ageing: number;
  @Field(() => Float) unitsBeyondCover: number;
}

@ObjectType({ description: 'What service recovery cost: orders rerouted and orders flagged for a person.' })
@Owner('inventory-platform')
export class ExceptionsCost {
  @Field(() => Float) amount: number;
  @Field(() => Int) reroutedOrders: number;
  @Field(() => Int) failedOrders: number;
}

@ObjectType({ description: 'The part of the cost to serve attributable to one capability.' })
@Owner('inventory-platform')
export class CapabilityCost {
  @Field({ description: 'Capability code, or UNATTRIBUTED.' }) capability: string;
  @Field(() => Float) amount: number;
}

const COSTS = ['costs:read'] as const;
const COSTS_AND_TERMS = ['costs:read', 'contracts:terms:read'] as const;

@ObjectType({
  description:
    'What serving the brand cost in a month, line by line (docs/lifecycle.md): fulfillment, partner fees, shared services, inventory, exceptions. Commercial: each line needs costs:read; partner fees and everything that includes them also contracts:terms:read.',
})
@Owner('inventory-platform')
@BrandScoped('brandId')
export class CostToServe {
  @Field({ description: 'YYYY-MM.' }) period: string;
  @Field(() => Int, { description: 'Orders first routed in the month.' }) orders: number;
  @Field(() => Int) unitsRouted: number;
  @Field(() => Int, { description: 'Units whose reservation was committed (shipped) in the month.' }) unitsShipped: number;
  @Field({ description: 'False when contract fees could not be read: the partner fees, the total and what derives from it are then null.' }) complete: boolean;

  @Field(() => FulfillmentCost, { nullable: true })
  @Sensitive('COMMERCIAL')
  @RequiresScopes([...COSTS])
  fulfillment: FulfillmentCost;

  @Field(() => PartnerFeesCost, { nullable: true })
  @Sensitive('COMMERCIAL')
  @RequiresScopes([...COSTS_AND_TERMS])
  partnerFees: PartnerFeesCost | null;

  @Field(() => SharedServicesCost, { nullable: true })
  @Sensitive('COMMERCIAL')
  @RequiresScopes([...COSTS])
  sharedServices: SharedServicesCost;

  @Field(() => InventoryCost, { nullable: true })
  @Sensitive('COMMERCIAL')
  @RequiresScopes([...COSTS])
  inventory: InventoryCost;

  @Field(() => ExceptionsCost, { nullable: true })
  @Sensitive('COMMERCIAL')
  @RequiresScopes([...COSTS])
  exceptions: ExceptionsCost;

  @Field(() => Float, { nullable: true, description: 'The sum of the five lines.' })
  @Sensitive('COMMERCIAL')
  @RequiresScopes([...COSTS_AND_TERMS])
  total: number | null;

  @Field(() => Float, { nullable: true, description: 'total / orders; null without orders.' })
  @Sensitive('COMMERCIAL')
  @RequiresScopes([...COSTS_AND_TERMS])
  perOrder: number | null;

  @Field(() => Float, { nullable: true, description: 'total / units shipped; null without shipments.' })
  @Sensitive('COMMERCIAL')
  @RequiresScopes([...COSTS_AND_TERMS])
  perUnitShipped: number | null;

  @Field(() => [CapabilityCost], { nullable: true, description: 'The total by the capability each cost is attributable to.' })
  @Sensitive('COMMERCIAL')
  @RequiresScopes([...COSTS_AND_TERMS])
  byCapability: CapabilityCost[] | null;

  brandId: string;
}
