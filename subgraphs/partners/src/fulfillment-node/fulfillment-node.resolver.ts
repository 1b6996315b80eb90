import { Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import type { PartnersContext } from '../context';
import { Partner } from '../partner/partner.type';
import { FulfillmentNode } from './fulfillment-node.type';

@Resolver(() => FulfillmentNode)
export class FulfillmentNodeOperatorResolver {
  @FieldResolver(() => Partner, { nullable: true, description: 'The partner running the node; null unless partner-run.' })
  @Directive('@requires(fields: "operatorPartnerId")')
  operator(@Root() node: FulfillmentNode, @Ctx() { loaders }: PartnersContext): Promise<Partner | null> | null {
    return node.operatorPartnerId ? loaders.partner.byId.load(node.operatorPartnerId) : null;
  }
}

/** The router sends `{ id, operatorPartnerId }` (the @requires field); that is all `operator` needs. */
export const fulfillmentNodeReference = {
  __resolveReference: (ref: FulfillmentNode): FulfillmentNode => ref,
};
