import { createLogger } from '../../../../shared/src/logger';
import type { GraphClient } from '../../../../shared/src/subgraph/graph-client';
import { UpstreamFacts } from './upstream-facts';

const logger = createLogger('test', 'silent');
const PARTNERS = {
  partners: [
    { id: 'p-active', status: 'ACTIVE', contracts: [] },
    { id: 'p-suspended', status: 'SUSPENDED', contracts: [] },
  ],
};

function graph(answer: () => Promise<unknown>): GraphClient {
  return { query: answer } as unknown as GraphClient;
}

describe('UpstreamFacts: partner suspensions', () => {
  it('routing fails closed: while no partner status was ever read, it is not known (null), not "none suspended"', async () => {
    const facts = new UpstreamFacts(graph(() => Promise.reject(new Error('partners unreachable'))), logger);
    expect(await facts.suspendedPartnerIdsIfKnown()).toBeNull();
    // The recovery sweep, which moves orders off suspended partners, moves nothing meanwhile.
    expect(await facts.suspendedPartnerIds()).toEqual(new Set());
  });

  it('once read, the suspended partners — and the last known ones while the source is down again', async () => {
    let up = true;
    const facts = new UpstreamFacts(graph(() => (up ? Promise.resolve(PARTNERS) : Promise.reject(new Error('down')))), logger, 0);
    expect(await facts.suspendedPartnerIdsIfKnown()).toEqual(new Set(['p-suspended']));
    up = false;
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await facts.suspendedPartnerIdsIfKnown()).toEqual(new Set(['p-suspended']));
  });
});
