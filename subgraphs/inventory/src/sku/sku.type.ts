import { Directive, Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { BrandScoped, Owner, RequiresScopes, Sensitive } from '../../../../shared/src/governance/decorators';
import { PageInfo } from '../../../../shared/src/graphql/page-info';

@ObjectType({ description: 'A stock-keeping unit of one brand.' })
@Directive('@key(fields: "id")')
@Owner('inventory-platform')
@BrandScoped('brandId')
export class Sku {
  @Field(() => ID)
  id: string;

  @Field()
  code: string;

  @Field()
  name: string;

  @Field(() => Float, { description: 'List price.' })
  price: number;

  @Field(() => Float, { nullable: true, description: 'Landed unit cost.' })
  @Sensitive('COMMERCIAL')
  @RequiresScopes(['costs:read'])
  unitCost: number;

  /** Resolved as `brand`. */
  brandId: string;
}

@ObjectType()
@Owner('inventory-platform')
export class SkuEdge {
  @Field()
  cursor: string;

  @Field(() => Sku)
  node: Sku;
}

@ObjectType({ description: 'A page of SKUs, ordered by code.' })
@Owner('inventory-platform')
export class SkuConnection {
  @Field(() => [SkuEdge])
  edges: SkuEdge[];

  @Field(() => [Sku], { description: 'The SKUs of this page, without cursors.' })
  nodes: Sku[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  @Field(() => Int, { description: 'SKUs of the brand in all pages.' })
  totalCount: number;
}

