import { Arg, Ctx, GraphQLISODateTime, ID, Int, Query, Resolver } from 'type-graphql';
import type { DataSource } from 'typeorm';
import { checkPageSize } from '../graphql/cursor';
import { Owner, Policy, RequiresScopes, ListSize } from '../governance/decorators';
import { AccessLogEntity } from './access-log.entity';
import { AccessLogEntry } from './access-log.type';

/**
 * The access log of one subgraph as a root field (`portfolioAccessLog`, `inventoryAccessLog`,
 * `partnerAccessLog`): newest first, for auditors.
 */
export function createAccessLogResolver(fieldName: string, subgraphLabel: string) {
  @Resolver()
  class AccessLogResolver {
    @Query(() => [AccessLogEntry], {
      name: fieldName,
      nullable: true,
      description: `Reads of sensitive ${subgraphLabel} data, newest first. Null, with an error, for callers who may not read it.`,
    })
    @Owner('governance')
    @RequiresScopes(['access-log:read'])
    @ListSize({ slicingArguments: ['first'] })
    @Policy(['portfolio-wide'])
    accessLog(
      @Ctx() { dataSource }: { dataSource: DataSource },
      @Arg('from', () => GraphQLISODateTime, { nullable: true }) from?: Date,
      @Arg('to', () => GraphQLISODateTime, { nullable: true }) to?: Date,
      @Arg('subject', () => String, { nullable: true }) subject?: string,
      @Arg('brandId', () => ID, { nullable: true }) brandId?: string,
      @Arg('coordinate', () => String, { nullable: true }) coordinate?: string,
      @Arg('first', () => Int, { defaultValue: 100 }) first = 100,
    ): Promise<AccessLogEntry[]> {
      checkPageSize(first, 1000);
      const q = dataSource.getRepository(AccessLogEntity).createQueryBuilder('a').orderBy('a.occurred_at', 'DESC').addOrderBy('a.id', 'DESC').limit(first);
      if (from) q.andWhere('a.occurred_at >= :from', { from });
      if (to) q.andWhere('a.occurred_at < :to', { to });
      if (subject) q.andWhere('a.subject = :subject', { subject });
      if (brandId) q.andWhere('a.brand_id = :brandId', { brandId });
      if (coordinate) q.andWhere('a.coordinate = :coordinate', { coordinate });
      return q.getMany();
    }
  }
  return AccessLogResolver;
}
