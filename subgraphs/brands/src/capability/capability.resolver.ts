import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Owner, RequiresScopes } from '../../../../shared/src/governance/decorators';
import type { BrandsContext } from '../context';
import { CapabilityEntity } from './capability.entity';
import { Capability } from './capability.type';

@Resolver(() => Capability)
export class CapabilityResolver {
  @Query(() => [Capability], { description: 'The capability catalogue, by layer then code.' })
  @Owner('portfolio-office')
  @RequiresScopes(['catalog:read'])
  capabilities(@Ctx() { dataSource }: BrandsContext): Promise<Capability[]> {
    return dataSource.getRepository(CapabilityEntity).find({ order: { layer: 'ASC', code: 'ASC' } });
  }

  @Query(() => Capability, { nullable: true, description: 'One capability by its code; null if there is none.' })
  @Owner('portfolio-office')
  @RequiresScopes(['catalog:read'])
  capability(@Arg('code') code: string, @Ctx() { loaders }: BrandsContext): Promise<Capability | null> {
    return loaders.capability.byCode.load(code);
  }

  @FieldResolver(() => Capability, { nullable: true, description: 'The broader capability this one belongs to.' })
  parent(@Root() capability: Capability, @Ctx() { loaders }: BrandsContext): Promise<Capability | null> | null {
    return capability.parentId ? loaders.capability.byId.load(capability.parentId) : null;
  }
}

export const capabilityReference = {
  __resolveReference: (ref: { id: string }, { loaders }: BrandsContext) => loaders.capability.byId.load(ref.id),
};
