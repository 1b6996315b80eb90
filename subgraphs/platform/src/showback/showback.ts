import type { UsageByBrands } from '../usage/usage-queries';
import { allocateByLargestRemainder } from './allocate';

export interface ServiceCost {
  id: string;
  code: string;
  subgraphs: readonly string[];
  monthlyCost: number;
  currency: string;
}

export interface AllocationLine {
  brandId: string;
  requests: number;
  weight: number;
  share: number;
  allocated: number;
  costPerRequest: number | null;
}

export interface ServiceAllocation {
  service: ServiceCost;
  requests: number;
  weight: number;
  lines: AllocationLine[];
  unallocated: { requests: number; weight: number; amount: number };
}

/**
 * Showback for one month (see docs/showback-and-slos.md):
 *
 * - a request uses a service when it fetched from at least one of the service's subgraphs; it
 *   weighs its estimated cost (at least 1), so a heavy query counts for more than a light one;
 * - a brand's weighted usage of a service is the weight of the requests of callers restricted to
 *   that brand; a caller restricted to n brands gives each 1/n; portfolio-wide callers and
 *   services (no brand) are the unallocated usage;
 * - the monthly cost, in cents, is split over the brands and the unallocated usage in proportion
 *   to their weighted usage by largest remainder, so the lines and the unallocated amount add up
 *   to the cost exactly; with no usage at all, the whole cost is unallocated;
 * - a brand's cost per request is its allocation over its requests.
 */
export function allocateShowback(services: readonly ServiceCost[], usage: readonly UsageByBrands[]): ServiceAllocation[] {
  return services.map((service) => {
    const own = new Set(service.subgraphs);
    const byBrand = new Map<string, { requests: number; weight: number }>();
    const unallocated = { requests: 0, weight: 0 };
    for (const row of usage) {
      if (!row.subgraphs.some((s) => own.has(s))) continue;
      const brands = row.brands === '*' || row.brands === '' ? [] : row.brands.split(',');
      if (brands.length === 0) {
        unallocated.requests += row.requests;
        unallocated.weight += row.weight;
        continue;
      }
      for (const brandId of brands) {
        const line = byBrand.get(brandId) ?? { requests: 0, weight: 0 };
        line.requests += row.requests / brands.length;
        line.weight += row.weight / brands.length;
        byBrand.set(brandId, line);
      }
    }
    const brandIds = [...byBrand.keys()].sort();
    const weights = [...brandIds.map((id) => byBrand.get(id)!.weight), unallocated.weight];
    const totalWeight = weights.reduce((a, b) => a + b, 0);
    const totalCents = Math.round(service.monthlyCost * 100);
    const cents = totalWeight > 0 ? allocateByLargestRemainder(totalCents, weights) : [...brandIds.map(() => 0), totalCents];
    const lines = brandIds.map((brandId, i) => {
      const { requests, weight } = byBrand.get(brandId)!;
      const allocated = cents[i]! / 100;
      return { brandId, requests, weight, share: totalWeight > 0 ? weight / totalWeight : 0, allocated, costPerRequest: requests > 0 ? allocated / requests : null };
    });
    return {
      service,
      requests: lines.reduce((a, l) => a + l.requests, 0) + unallocated.requests,
      weight: totalWeight,
      lines,
      unallocated: { ...unallocated, amount: cents.at(-1)! / 100 },
    };
  });
}
