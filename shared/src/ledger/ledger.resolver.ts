import type DataLoader from 'dataloader';
import { Arg, Ctx, FieldResolver, GraphQLISODateTime, Int, Query, Resolver, Root } from 'type-graphql';
import { checkPageSize } from '../graphql/cursor';
import { ListSize, Owner, Policy, RequiresScopes } from '../governance/decorators';
import type { LedgerPage, LedgerReader } from './ledger-reader';
import type { BrandPageKey } from './ledger.loader';
import { Ledger, LedgerEntryConnection, MAX_LEDGER_PAGE, toConnection } from './ledger.type';

/** The ledger part of every subgraph's per-request context. */
export interface LedgerContext {
  ledger: { reader: LedgerReader; pagesByBrand: DataLoader<BrandPageKey, LedgerPage, string> };
}

/**
 * A subgraph's two views of its ledger: the root `<name>Ledger` (length, head hash, entries,
 * verify) for portfolio-wide readers, and `Brand.<name>Ledger` with the entries about one brand.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function createLedgerResolvers(options: { rootField: string; brandField: string; brandType: Function; label: string }) {
  @Resolver()
  class RootLedgerResolver {
    @Query(() => Ledger, { name: options.rootField, nullable: true, description: `The ${options.label} decision ledger.` })
    @Owner('governance')
    @RequiresScopes(['ledger:read'])
    @Policy(['portfolio-wide'])
    ledger(@Ctx() { ledger }: LedgerContext): Ledger {
      return new Ledger(ledger.reader);
    }
  }

  @Resolver(() => options.brandType)
  class BrandLedgerResolver {
    @FieldResolver(() => LedgerEntryConnection, {
      name: options.brandField,
      nullable: true,
      description: `Entries of the ${options.label} ledger about this brand, newest first.`,
    })
    @Owner('governance')
    @RequiresScopes(['ledger:read'])
    @ListSize({ slicingArguments: ['first'], sizedFields: ['nodes', 'edges'] })
    brandLedger(
      @Root() brand: { id: string },
      @Ctx() { ledger }: LedgerContext,
      @Arg('from', () => GraphQLISODateTime, { nullable: true }) from?: Date,
      @Arg('to', () => GraphQLISODateTime, { nullable: true }) to?: Date,
      @Arg('actions', () => [String], { nullable: true }) actions?: string[],
      @Arg('first', () => Int, { defaultValue: 50 }) first = 50,
      @Arg('after', () => String, { nullable: true }) after?: string,
    ): Promise<LedgerEntryConnection> {
      checkPageSize(first, MAX_LEDGER_PAGE);
      return ledger.pagesByBrand.load({ brandId: brand.id, filters: { from, to, actions }, first, after: after ?? null }).then(toConnection);
    }
  }

  return [RootLedgerResolver, BrandLedgerResolver] as const;
}
