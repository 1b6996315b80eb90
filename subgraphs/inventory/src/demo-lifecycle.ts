import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { seedOnce } from '../../../shared/src/db/seed-once';
import { brandIdBySlug, DEMO_BRANDS, DEMO_NODES } from '../../../shared/src/demo/portfolio';
import { appendEntries, SEED_ACTOR } from '../../../shared/src/ledger/ledger';
import type { Logger } from '../../../shared/src/logger';
import { promisedDeliveryDate } from './routing/delivery-date';
import { DEFAULT_POLICY } from './routing/sourcing-policy';
import { ReservationEntity, RoutingDecisionEntity } from './routing/routing.entities';

/**
 * Where each demo brand's orders ship from under its seeded FULFILLMENT decision: the shared
 * platform's warehouses for the brands that follow the recommendation (ORCHESTRATE), Swiftlane
 * Leeds for Halden (an approved PARTNER exception), Meridian's drop-ship for Tidepool (PARTNER).
 */
const SHIPS_FROM: Record<string, string> = {
  aurelia: 'WH-CENTRAL',
  northwind: 'WH-CENTRAL',
  halden: '3PL-LEEDS',
  lumen: 'WH-SOUTH',
  kestrel: 'WH-SOUTH',
  tidepool: 'DS-MERIDIAN',
};
const ORDERS_PER_BRAND = 8;
const DAY = 86_400_000;

/**
 * The lifecycle part of the demo, once per database (also into one seeded before it existed): a
 * few weeks of shipped orders per brand, so the cost to serve and the portfolio metrics have
 * something to show; and Tidepool's drop-ship stock last counted ten days ago, so its orchestration
 * readiness says its data is late.
 */
export async function seedInventoryLifecycle(dataSource: DataSource, logger: Logger, now = new Date()): Promise<void> {
  await seedOnce(dataSource, 'demo-lifecycle', logger, async (manager) => {
    const nodeId = new Map(DEMO_NODES.map((n) => [n.code, n.id]));
    const nodeOf = new Map(DEMO_NODES.map((n) => [n.id, n]));
    const decisions: RoutingDecisionEntity[] = [];
    const reservations: ReservationEntity[] = [];
    for (const brand of DEMO_BRANDS) {
      const node = nodeId.get(SHIPS_FROM[brand.slug]!)!;
      const stocked: { sku_id: string }[] = await manager.query(
        `SELECT sp.sku_id FROM stock_position sp JOIN sku s ON s.id = sp.sku_id WHERE s.brand_id = $1 AND sp.node_id = $2 AND sp.on_hand >= 10 ORDER BY s.code LIMIT $3`,
        [brand.id, node, ORDERS_PER_BRAND * 2],
      );
      for (let i = 0; i < Math.min(ORDERS_PER_BRAND, Math.floor(stocked.length / 2)); i++) {
        const decidedAt = new Date(now.getTime() - (3 + i * 4) * DAY - (i + 1) * 3_600_000);
        const lines = [
          { skuId: stocked[2 * i]!.sku_id, quantity: 1 + (i % 3) },
          { skuId: stocked[2 * i + 1]!.sku_id, quantity: 1 },
        ];
        const demoNode = nodeOf.get(node)!;
        const id = randomUUID();
        decisions.push({
          id,
          brandId: brand.id,
          orderRef: `DEMO-${brand.skuPrefix}-${String(i + 1).padStart(3, '0')}`,
          destinationRegion: demoNode.region,
          promise: 'STANDARD',
          lines,
          candidates: [],
          plan: lines.map((l) => ({ nodeId: node, skuId: l.skuId, quantity: l.quantity })),
          split: false,
          deliveryDays: demoNode.handlingDays + 1,
          promisedDeliveryDate: promisedDeliveryDate(decidedAt, demoNode.handlingDays + 1),
          fulfillmentModel: brand.slug === 'halden' || brand.slug === 'tidepool' ? 'PARTNER' : 'ORCHESTRATE',
          policy: DEFAULT_POLICY,
          actorSubject: SEED_ACTOR.subject,
          decidedAt,
          channel: i % 2 === 0 ? 'web' : 'store',
          pilotId: null,
          trialModel: null,
          reroutedFromId: null,
          supersededById: null,
          rerouteReason: null,
        });
        for (const l of lines) {
          reservations.push({
            id: randomUUID(),
            routingDecisionId: id,
            brandId: brand.id,
            skuId: l.skuId,
            nodeId: node,
            quantity: l.quantity,
            status: 'COMMITTED',
            createdAt: decidedAt,
            expiresAt: new Date(decidedAt.getTime() + 30 * 60_000),
            closedAt: new Date(decidedAt.getTime() + 20 * 60_000),
          });
        }
      }
    }
    await manager.insert(RoutingDecisionEntity, decisions as QueryDeepPartialEntity<RoutingDecisionEntity>[]);
    await manager.insert(ReservationEntity, reservations);
    // Tidepool's drop-shipper has not confirmed its stock for ten days.
    await manager.query(
      `UPDATE stock_position sp SET updated_at = $3 FROM sku s WHERE s.id = sp.sku_id AND s.brand_id = $1 AND sp.node_id = $2`,
      [brandIdBySlug('tidepool'), nodeId.get('DS-MERIDIAN'), new Date(now.getTime() - 10 * DAY)],
    );
    await appendEntries(
      manager,
      SEED_ACTOR,
      null,
      decisions.map((d) => ({
        action: 'order.route',
        subject: { type: 'RoutingDecision', id: d.id, brandId: d.brandId, capability: 'FULFILLMENT' },
        after: { orderRef: d.orderRef, plan: d.plan, decidedAt: d.decidedAt.toISOString(), shipped: true },
        reason: 'Demo portfolio seed: an order of the last weeks, shipped',
      })),
    );
  });
}
