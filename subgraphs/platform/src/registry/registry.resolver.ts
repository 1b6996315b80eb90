import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { ListSize, Owner, Policy, RequiresScopes } from '../../../../shared/src/governance/decorators';
import { checkPageSize } from '../../../../shared/src/graphql/cursor';
import { Ledger } from '../../../../shared/src/ledger/ledger.type';
import type { PlatformContext } from '../context';
import { latestVersions, subgraphVersions, supergraphs } from './registry-queries';
import { Subgraph, Supergraph, SubgraphVersion } from './registry.type';

const MAX_PAGE = 200;

/**
 * The registry in the graph: the subgraphs and their history with checks, the composed
 * supergraphs, and the registry's own ledger — read from the registry's database, never written
 * (only the registry itself, behind `/registry/*`, changes it).
 */
@Resolver(() => Subgraph)
export class RegistryResolver {
  @Query(() => [Subgraph], { description: 'Every subgraph ever registered, by name; `active` says whether it is in the supergraph now.' })
  @Owner('platform-team')
  @RequiresScopes(['registry:read'])
  @ListSize({ assumedSize: 20 })
  async subgraphs(@Ctx() { services }: PlatformContext): Promise<Subgraph[]> {
    return (await latestVersions(services.registry)).map((latest) => ({ name: latest.name, active: !latest.removed, latest }));
  }

  @Query(() => Subgraph, { nullable: true, description: 'One subgraph by name; null if none was ever registered.' })
  @Owner('platform-team')
  @RequiresScopes(['registry:read'])
  async subgraph(@Arg('name') name: string, @Ctx() { services }: PlatformContext): Promise<Subgraph | null> {
    const [latest] = await subgraphVersions(services.registry, name, 1);
    return latest ? { name, active: !latest.removed, latest } : null;
  }

  @FieldResolver(() => [SubgraphVersion], { description: 'Its versions, newest first, each with its check results.' })
  @ListSize({ slicingArguments: ['first'] })
  versions(@Root() subgraph: Subgraph, @Ctx() { services }: PlatformContext, @Arg('first', () => Int, { defaultValue: 20 }) first: number): Promise<SubgraphVersion[]> {
    checkPageSize(first, MAX_PAGE);
    return subgraphVersions(services.registry, subgraph.name, first);
  }

  @Query(() => [Supergraph], { description: 'The composed supergraphs, newest first.' })
  @Owner('platform-team')
  @RequiresScopes(['registry:read'])
  @ListSize({ slicingArguments: ['first'] })
  supergraphs(@Ctx() { services }: PlatformContext, @Arg('first', () => Int, { defaultValue: 20 }) first: number): Promise<Supergraph[]> {
    checkPageSize(first, MAX_PAGE);
    return supergraphs(services.registry, first);
  }

  @Query(() => Supergraph, { nullable: true, description: 'One supergraph version; without `version`, the one in service.' })
  @Owner('platform-team')
  @RequiresScopes(['registry:read'])
  async supergraph(@Ctx() { services }: PlatformContext, @Arg('version', () => Int, { nullable: true }) version?: number): Promise<Supergraph | null> {
    return (await supergraphs(services.registry, 1, version ?? null))[0] ?? null;
  }

  @Query(() => Ledger, {
    nullable: true,
    description: 'The registry’s ledger: every publish, removal, rollback, approval and client registration, hash-chained. Written only by the registry.',
  })
  @Owner('governance')
  @RequiresScopes(['registry:read'])
  @Policy(['portfolio-wide'])
  async registryLedger(@Ctx() { services }: PlatformContext): Promise<Ledger> {
    return new Ledger(await services.registry.ledger());
  }
}
