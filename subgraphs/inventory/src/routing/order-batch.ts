import { IsNull, type DataSource } from 'typeorm';
import { preparedQuery } from '../../../../shared/src/db/prepared-query';
import { chainedRows, noteAppend, storableEntries, type AuditContext } from '../../../../shared/src/ledger/ledger';
import { channelOf, infeasible, ORDER_FACTS_COLUMNS, orderFactsOf, planOrders, type OrderFacts, type OrderFactsRow, type OrderToPlan } from './plan-order';
import { isUuid } from '../../../../shared/src/errors';
import { resolveBrand, type BrandFacts } from './resolve-brand';
import { isConflict, orderRefOf, reserve, routedOrder, routeOrder, type RoutedOrder } from './route-order';
import { RoutingDecisionEntity } from './routing.entities';
import type { RoutingServices } from './routing-services';
import { lockTodaysUsage } from './node-usage';
import type { Logger } from '../../../../shared/src/logger';

export type OrderRequest = OrderToPlan & { brand: string; orderRef: string };
export type RouteResult = { decision: RoutingDecisionEntity; replayed: boolean };

interface Pending {
  context: AuditContext;
  input: OrderRequest;
  resolve(result: RouteResult): void;
  reject(error: unknown): void;
}

interface Known extends Pending {
  orderRef: string;
  channel: string | null;
  brand: BrandFacts;
}

export interface OrderBatchOptions {
  /** Orders routed in one transaction at most. */
  maxOrders: number;
  /** Transactions of batches under way at once. */
  maxBatches: number;
  /** Where a batch that could not commit whole is reported. */
  logger?: Logger;
}

/**
 * Group commit for `routeOrder`: the orders that arrive while earlier ones are being routed are
 * routed together, in one transaction. Every order of a subgraph's database appends to one ledger
 * chain under one lock, and the bench's orders all take the same stock rows: one at a time, each
 * order held those locks for its own round trips and its own commit (~260 orders/s). Together,
 * a batch reads its SKUs, policies and nodes once, locks the stock rows once (in the global
 * order), plans its orders in turn — each on what the ones before it left — and writes every
 * decision, reservation and ledger entry in one statement each, under one commit.
 *
 * Nothing about an order changes by being batched: it is planned exactly as alone, its ledger
 * entry names its own caller and request, its error is its own (an infeasible order or a bad SKU
 * fails alone; the others commit), and the same order reference twice — in a batch or across
 * batches — gets one decision. When a batch cannot commit as a whole (another instance routed one
 * of its orders meanwhile, a lock timed out) each of its orders is routed again alone, as before.
 *
 * With nothing else in flight an order is routed at once (a batch of one); orders only wait for a
 * batch when `maxBatches` are already under way.
 */
export class OrderBatcher {
  private readonly queue: Pending[] = [];
  private running = 0;
  private scheduled = false;
  /** Batches that could not commit as a whole, whose orders were routed again alone. */
  fallbacks = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly services: RoutingServices,
    private readonly options: OrderBatchOptions = { maxOrders: 64, maxBatches: 2 },
  ) {}

  route(context: AuditContext, input: OrderRequest): Promise<RouteResult> {
    return new Promise<RouteResult>((resolve, reject) => {
      this.queue.push({ context, input, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    if (this.scheduled || this.running >= this.options.maxBatches || this.queue.length === 0) return;
    // The orders of this turn of the event loop go together.
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      while (this.running < this.options.maxBatches && this.queue.length > 0) {
        const batch = this.queue.splice(0, this.options.maxOrders);
        this.running++;
        void this.run(batch).finally(() => {
          this.running--;
          this.pump();
        });
      }
    });
  }

  private async run(batch: Pending[]): Promise<void> {
    const known = (
      await Promise.all(
        batch.map(async (order): Promise<Known | undefined> => {
          try {
            const orderRef = orderRefOf(order.input.orderRef);
            const channel = channelOf(order.input.channel);
            return { ...order, orderRef, channel, brand: await resolveBrand(this.services, order.context, order.input.brand) };
          } catch (error) {
            order.reject(error);
            return undefined;
          }
        }),
      )
    ).filter((o): o is Known => o !== undefined);
    if (known.length === 0) return;

    // One round trip before any lock: which orders were decided before (their decision, read whole
    // only when there are some, answers them as a replay), and the SKUs and policies the others need.
    let decided: RoutingDecisionEntity[] = [];
    let facts: OrderFacts;
    try {
      const skuIds = [...new Set(known.flatMap((o) => (Array.isArray(o.input.lines) ? o.input.lines.map((l) => l.skuId).filter((id) => typeof id === 'string' && isUuid(id)) : [])))];
      // Planned each time: routing_decision grows from empty, and a plan cached while it was small
      // (a scan of it) made this lookup cost more than the whole batch once it was not.
      const [row] = await preparedQuery<OrderFactsRow & { decided: { brand_id: string; order_ref: string }[] }>(
        this.dataSource,
        null,
        `SELECT ${ORDER_FACTS_COLUMNS},
                (SELECT coalesce(json_agg(json_build_object('brand_id', d.brand_id, 'order_ref', d.order_ref)), '[]')
                   FROM routing_decision d JOIN unnest($3::uuid[], $4::text[]) AS o(brand_id, order_ref)
                     ON d.brand_id = o.brand_id AND d.order_ref = o.order_ref
                  WHERE d.superseded_by_id IS NULL) AS decided`,
        [skuIds.map((id) => id.toLowerCase()), [...new Set(known.map((o) => o.brand.id))], known.map((o) => o.brand.id), known.map((o) => o.orderRef)],
      );
      facts = orderFactsOf(row!);
      if (row!.decided.length > 0) {
        decided = await this.dataSource.getRepository(RoutingDecisionEntity).find({ where: row!.decided.map((f) => ({ brandId: f.brand_id, orderRef: f.order_ref, supersededById: IsNull() })) });
      }
    } catch (error) {
      for (const order of known) order.reject(error);
      return;
    }
    const key = (brandId: string, orderRef: string) => `${brandId}\u0000${orderRef}`;
    const decidedByKey = new Map(decided.map((d) => [key(d.brandId, d.orderRef), d]));
    const fresh: Known[] = [];
    const repeats: Known[] = [];
    const seen = new Set<string>();
    for (const order of known) {
      const k = key(order.brand.id, order.orderRef);
      const decision = decidedByKey.get(k);
      if (decision) order.resolve({ decision, replayed: true });
      else if (seen.has(k)) repeats.push(order);
      else {
        seen.add(k);
        fresh.push(order);
      }
    }
    if (fresh.length > 0) await this.routeTogether(fresh, facts);
    // The same order twice in one batch: the later one is a replay of the first — or, if that failed, tries alone.
    for (const order of repeats) routeOrder(this.dataSource, this.services, order.context, order.input).then(order.resolve, order.reject);
  }

  private async routeTogether(orders: Known[], facts: OrderFacts): Promise<void> {
    const now = new Date();
    const failed = new Map<Known, unknown>();
    let routed: { order: Known; routed: RoutedOrder }[];
    try {
      routed = await this.dataSource.transaction(async (manager) => {
        const started = performance.now();
        // The ledger's append lock is taken with the nodes (after the stock rows), and its head read:
        // the entries go in the statement that reserves, and the stock rows are held four round trips.
        const { plans, ledgerHead } = await planOrders(
          manager,
          this.services,
          orders.map((o) => ({ brand: o.brand, order: o.input })),
          now,
          { lockStock: true, lockNodes: true, lockLedger: { locksBefore: lockTodaysUsage } },
          facts,
        );
        const made: { order: Known; routed: RoutedOrder }[] = [];
        plans.forEach((plan, i) => {
          const order = orders[i]!;
          if ('error' in plan) failed.set(order, plan.error);
          else if (!plan.planned.outcome.feasible) failed.set(order, infeasible(plan.planned.outcome, order.orderRef));
          else made.push({ order, routed: routedOrder(order.context, order.brand, { ...order.input, orderRef: order.orderRef, channel: order.channel }, plan.planned, now, this.services.reservationTtlMinutes) });
        });
        if (made.length === 0) return made;
        const entries = storableEntries(
          made.map(({ order, routed: r }) => ({ actor: order.context.audit.actor, requestId: order.context.audit.requestId, record: { ...r.entry, action: order.context.audit.action ?? 'order.route' } })),
        );
        const rows = chainedRows(ledgerHead ?? undefined, entries);
        await reserve(
          manager,
          made.map((m) => m.routed),
          now,
          rows,
        );
        noteAppend(this.dataSource, started, rows.length);
        return made;
      });
    } catch (error) {
      // The batch could not commit as a whole: each order alone (a conflict is then its replay).
      if (orders.length === 1 && !isConflict(error)) return orders[0]!.reject(error);
      this.fallbacks++;
      this.options.logger?.warn('orders routed together could not commit as one: each is routed again alone', { orders: orders.length, error: (error as Error).message });
      await Promise.all(orders.map((o) => routeOrder(this.dataSource, this.services, o.context, o.input).then(o.resolve, o.reject)));
      return;
    }
    for (const { order, routed: r } of routed) {
      order.context.audit.noteRecorded(1);
      order.resolve({ decision: r.decision, replayed: false });
    }
    for (const [order, error] of failed) order.reject(error);
  }
}
