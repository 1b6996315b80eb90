import type { DataSource } from 'typeorm';
import type { AuditContext } from '../../../../shared/src/ledger/ledger';
import { promisedDeliveryDate } from './delivery-date';
import { planOrder, type OrderToPlan } from './plan-order';
import type { CandidateEvaluation } from './routing.model';
import type { RoutingServices } from './routing-services';
import { resolveBrand } from './resolve-brand';
import type { DeliveryPromise } from './routing.type';

/** How a candidate is shown: its node, the filter that excluded it, its delivery days and scores. */
export function shownCandidate(c: CandidateEvaluation) {
  return { nodeId: c.nodeId, excludedBy: c.excludedBy, deliveryDays: c.deliveryDays, scores: c.scores };
}

/** The best feasible plan for an order now and the day it would be delivered, reserving nothing. */
export async function promiseOrder(
  dataSource: DataSource,
  services: RoutingServices,
  context: Pick<AuditContext, 'principal'>,
  input: OrderToPlan & { brand: string },
): Promise<DeliveryPromise> {
  const brand = await resolveBrand(services, context, input.brand);
  const now = new Date();
  const { outcome } = await planOrder(dataSource.manager, services, brand, input, now, false);
  const candidates = outcome.candidates.map(shownCandidate);
  if (!outcome.feasible) return { feasible: false, reason: outcome.reason, promisedDeliveryDate: null, deliveryDays: null, plan: [], split: false, candidates };
  const { plan } = outcome;
  return {
    feasible: true,
    reason: null,
    promisedDeliveryDate: promisedDeliveryDate(now, plan.deliveryDays),
    deliveryDays: plan.deliveryDays,
    plan: plan.allocations,
    split: plan.split,
    candidates,
  };
}
