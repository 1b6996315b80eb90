import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Audited, ListSize, Owner, Policy, RequiresScopes } from '../../../../shared/src/governance/decorators';
import type { PlatformContext } from '../context';
import { burnRates } from '../slo/burn-rate';
import { ServiceHealth, SloWindow } from '../slo/health.type';
import { defineSharedService, updateSharedService, type CapabilityLookup } from './shared-service.service';
import { SharedService, SharedServiceChanges, SharedServiceInput, toSharedService } from './shared-service.type';

const capabilityLookup = ({ services }: PlatformContext): CapabilityLookup => async (code) => {
  const data = await services.graph.query<{ capability: { id: string } | null }>('query CapabilityByCode($code: String!) { capability(code: $code) { id } }', { variables: { code } });
  return data.capability?.id ?? null;
};

@Resolver(() => SharedService)
export class SharedServiceResolver {
  @Query(() => [SharedService], { description: 'The service catalogue: every shared service, by code.' })
  @Owner('platform-team')
  @RequiresScopes(['catalog:read'])
  @ListSize({ assumedSize: 20 })
  async sharedServices(@Ctx() { loaders }: PlatformContext): Promise<SharedService[]> {
    return (await loaders.sharedServices()).map(toSharedService);
  }

  @Query(() => SharedService, { nullable: true, description: 'One shared service by code; null if there is none.' })
  @Owner('platform-team')
  @RequiresScopes(['catalog:read'])
  async sharedService(@Arg('code') code: string, @Ctx() { loaders }: PlatformContext): Promise<SharedService | null> {
    const found = (await loaders.sharedServices()).find((s) => s.code === code);
    return found ? toSharedService(found) : null;
  }

  @FieldResolver(() => ServiceHealth, { description: 'How it meets its objective over the window: p99 latency, error rate, and how fast it burns its error budget.' })
  async health(@Root() service: SharedService, @Arg('window', () => SloWindow) window: SloWindow, @Ctx() { loaders }: PlatformContext): Promise<ServiceHealth> {
    const stats = await loaders.fetchStats.load({ subgraphs: service.subgraphs, window });
    return { window, ...burnRates(stats, service.slo) };
  }

  @Mutation(() => SharedService, { description: 'Adds a shared service to the catalogue; recorded in the platform ledger.' })
  @Owner('platform-team')
  @Audited('service.define')
  @RequiresScopes(['services:write'])
  @Policy(['portfolio-wide'])
  async defineSharedService(
    @Arg('input', () => SharedServiceInput) input: SharedServiceInput,
    @Arg('reason', { description: 'Why: kept in the ledger for auditors.' }) reason: string,
    @Ctx() context: PlatformContext,
  ): Promise<SharedService> {
    return toSharedService(await defineSharedService(context.dataSource, context, capabilityLookup(context), input, reason));
  }

  @Mutation(() => SharedService, { description: 'Changes a shared service (objective, cost, subgraphs, roadmap, …); recorded in the platform ledger.' })
  @Owner('platform-team')
  @Audited('service.update')
  @RequiresScopes(['services:write'])
  @Policy(['portfolio-wide'])
  async updateSharedService(
    @Arg('code') code: string,
    @Arg('changes', () => SharedServiceChanges) changes: SharedServiceChanges,
    @Arg('reason', { description: 'Why: kept in the ledger for auditors.' }) reason: string,
    @Ctx() context: PlatformContext,
  ): Promise<SharedService> {
    return toSharedService(await updateSharedService(context.dataSource, context, capabilityLookup(context), code, changes, reason));
  }
}

/** `_entities` for SharedService: `{ id }` → the whole service. */
export const sharedServiceReference = {
  __resolveReference: async (ref: { id: string }, { loaders }: PlatformContext) => {
    const found = (await loaders.sharedServices()).find((s) => s.id === ref.id);
    return found ? toSharedService(found) : null;
  },
};
