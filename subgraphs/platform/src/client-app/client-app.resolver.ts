import { Arg, Ctx, FieldResolver, Float, Int, Query, Resolver, Root } from 'type-graphql';
import { ListSize, Owner, RequiresScopes } from '../../../../shared/src/governance/decorators';
import { badInput } from '../../../../shared/src/errors';
import type { PlatformContext } from '../context';
import { ClientApp, OperationUsage, RegisteredOperation } from './client-app.type';

const appOf = (r: Record<string, any>): ClientApp => ({
  name: r.name,
  brand: r.brand_slug,
  persistedOperations: r.persisted_mode,
  registeredBy: r.registered_by,
  registeredAt: r.registered_at,
  updatedAt: r.updated_at,
});

function since(days: number): Date {
  if (!Number.isInteger(days) || days < 1 || days > 400) throw badInput('days', 'must be between 1 and 400');
  return new Date(Date.now() - days * 86_400_000);
}

/** Client apps and their registered operations, from the registry; what they sent, from the gateways' usage. */
@Resolver(() => ClientApp)
export class ClientAppResolver {
  @Query(() => [ClientApp], { description: 'The client apps registered with the registry, by name.' })
  @Owner('platform-team')
  @RequiresScopes(['registry:read'])
  @ListSize({ assumedSize: 50 })
  async clientApps(@Ctx() { services }: PlatformContext): Promise<ClientApp[]> {
    return (await services.registry.query<Record<string, any>>('SELECT * FROM client_app ORDER BY name')).map(appOf);
  }

  @Query(() => ClientApp, { nullable: true, description: 'One client app by name; null if none is registered.' })
  @Owner('platform-team')
  @RequiresScopes(['registry:read'])
  async clientApp(@Arg('name') name: string, @Ctx() { services }: PlatformContext): Promise<ClientApp | null> {
    const [row] = await services.registry.query<Record<string, any>>('SELECT * FROM client_app WHERE name = $1', [name]);
    return row ? appOf(row) : null;
  }

  @FieldResolver(() => [RegisteredOperation], { description: 'Its registered operations, by name.' })
  @ListSize({ assumedSize: 100 })
  operations(@Root() app: ClientApp, @Ctx() { loaders }: PlatformContext): Promise<RegisteredOperation[]> {
    return loaders.clientOperations.load(app.name);
  }

  @FieldResolver(() => [OperationUsage], { description: 'What it sent over the last `days`, by operation, most used first.' })
  @ListSize({ assumedSize: 50 })
  async usage(@Root() app: ClientApp, @Ctx() { services }: PlatformContext, @Arg('days', () => Int, { defaultValue: 30 }) days: number): Promise<OperationUsage[]> {
    const rows = await services.registry.query<Record<string, any>>(
      `SELECT operation_name, operation_hash, sum(requests)::float8 AS requests, sum(errors)::float8 AS errors,
              sum(duration_ms_sum)::float8 / nullif(sum(requests), 0) AS average, max(minute) AS last_seen
         FROM usage_operation WHERE client_name = $1 AND minute >= $2
        GROUP BY operation_name, operation_hash ORDER BY requests DESC, operation_name LIMIT 200`,
      [app.name, since(days)],
    );
    return rows.map((r) => ({ operationName: r.operation_name, operationHash: r.operation_hash, requests: r.requests, errors: r.errors, averageDurationMs: r.average, lastSeen: r.last_seen }));
  }

  @FieldResolver(() => Float, { description: 'Operations it sent that were refused as not registered (PERSISTED_QUERY_NOT_FOUND) over the last `days`.' })
  async refusedOperations(@Root() app: ClientApp, @Ctx() { services }: PlatformContext, @Arg('days', () => Int, { defaultValue: 30 }) days: number): Promise<number> {
    const [row] = await services.registry.query<{ n: number | null }>('SELECT sum(requests)::float8 AS n FROM usage_refusal WHERE client_name = $1 AND minute >= $2', [app.name, since(days)]);
    return row?.n ?? 0;
  }
}
