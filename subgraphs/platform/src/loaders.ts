import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { SharedServiceEntity } from './catalogue/shared-service.entity';
import type { PlatformServices } from './context';
import { allocateShowback, type ServiceAllocation } from './showback/showback';
import { monthOf } from './showback/allocate';
import { SLO_WINDOWS, type SloWindowName } from './slo/burn-rate';
import { fetchStats, usageBetween } from './usage/usage-queries';
import type { FetchStats } from './slo/burn-rate';
import { groupLoader } from '../../../shared/src/loader';
import type { RegisteredOperation } from './client-app/client-app.type';

/** One set per request. */
export function createLoaders(dataSource: DataSource, services: PlatformServices) {
  let catalogue: Promise<SharedServiceEntity[]> | undefined;
  const all = () => (catalogue ??= dataSource.getRepository(SharedServiceEntity).find({ order: { code: 'ASC' } }));
  return {
    /** The whole catalogue, read once per request. */
    sharedServices: all,
    /** A month's allocations, computed once per request and period (the root field and every Brand.showback share it). */
    showback: new DataLoader<string, ServiceAllocation[]>(async (periods) =>
      Promise.all(
        periods.map(async (period) => {
          const range = monthOf(period)!;
          const [list, usage] = await Promise.all([all(), usageBetween(services.registry, range.from, range.to)]);
          return allocateShowback(list, usage);
        }),
      ),
    ),
    /** Registered operations of the client apps asked for, in one statement. */
    clientOperations: groupLoader(
      async (names: readonly string[]) =>
        (await services.registry.query<Record<string, any>>('SELECT client_name, id, name, type, body, registered_at FROM client_operation WHERE client_name = ANY($1) ORDER BY name, id', [[...names]])).map(
          (r): RegisteredOperation & { clientName: string } => ({ clientName: r.client_name, id: r.id, name: r.name, type: r.type, body: r.body, registeredAt: r.registered_at }),
        ),
      (op) => op.clientName,
    ),
    /** Fetch statistics of a set of subgraphs over a window, once per request and key. */
    fetchStats: new DataLoader<{ subgraphs: readonly string[]; window: SloWindowName }, FetchStats, string>(
      async (keys) => Promise.all(keys.map((k) => fetchStats(services.registry, k.subgraphs, new Date(Date.now() - SLO_WINDOWS[k.window])))),
      { cacheKeyFn: (k) => `${k.window}:${k.subgraphs.join(',')}` },
    ),
  };
}
