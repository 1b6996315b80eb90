import { toSharedService } from '../catalogue/shared-service.type';
import type { SharedServiceEntity } from '../catalogue/shared-service.entity';
import type { ServiceAllocation } from './showback';
import type { BrandShowback, Showback, ShowbackLine } from './showback.type';

/** Allocations → the graph's shape: per service, and per brand with totals per currency. */
export function showbackView(period: string, range: { from: Date; to: Date }, services: readonly SharedServiceEntity[], allocations: readonly ServiceAllocation[]): Showback {
  const entity = new Map(services.map((s) => [s.id, s]));
  const byBrand = new Map<string, ShowbackLine[]>();
  const serviceViews = allocations.map((a) => {
    const lines: ShowbackLine[] = a.lines.map((l) => ({
      brandId: l.brandId,
      brand: { id: l.brandId },
      serviceCode: a.service.code,
      requests: l.requests,
      weightedUsage: l.weight,
      share: l.share,
      allocated: l.allocated,
      costPerRequest: l.costPerRequest,
      currency: a.service.currency,
    }));
    for (const line of lines) byBrand.set(line.brandId, [...(byBrand.get(line.brandId) ?? []), line]);
    return {
      service: toSharedService(entity.get(a.service.id)!),
      monthlyCost: a.service.monthlyCost,
      currency: a.service.currency,
      requests: a.requests,
      weightedUsage: a.weight,
      lines,
      unallocated: { requests: a.unallocated.requests, weightedUsage: a.unallocated.weight, amount: a.unallocated.amount },
    };
  });
  const brands: BrandShowback[] = [...byBrand.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([brandId, lines]) => brandShowback(period, brandId, lines));
  return { period, from: range.from, to: range.to, services: serviceViews, brands };
}

export function brandShowback(period: string, brandId: string, lines: ShowbackLine[]): BrandShowback {
  const totals = new Map<string, { requests: number; cents: number }>();
  for (const line of lines) {
    const total = totals.get(line.currency) ?? { requests: 0, cents: 0 };
    total.requests += line.requests;
    total.cents += Math.round(line.allocated * 100);
    totals.set(line.currency, total);
  }
  return {
    brandId,
    brand: { id: brandId },
    period,
    lines,
    totals: [...totals.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, t]) => ({
      currency,
      requests: t.requests,
      allocated: t.cents / 100,
      costPerRequest: t.requests > 0 ? t.cents / 100 / t.requests : null,
    })),
  };
}
