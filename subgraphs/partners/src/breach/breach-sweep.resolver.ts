import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { Audited, Owner, Policy, RequiresScopes } from '../../../../shared/src/governance/decorators';
import type { PartnersContext } from '../context';
import { sweepBreachesNow } from './breach-sweep.service';
import { BreachSweep } from './breach-sweep.type';

@Resolver(() => BreachSweep)
export class BreachSweepResolver {
  @Mutation(() => BreachSweep, {
    description: 'Escalates every overdue breach cure now, as the minutely sweep would; for when a fresh view cannot wait.',
  })
  @Owner('partner-management')
  @Audited('breach.sweep')
  @RequiresScopes(['partners:write'])
  @Policy(['portfolio-wide'])
  sweepBreaches(@Arg('reason', { description: 'Why now: kept in the ledger for auditors.' }) reason: string, @Ctx() context: PartnersContext): Promise<BreachSweep> {
    return sweepBreachesNow(context.dataSource, context, { reason });
  }
}
