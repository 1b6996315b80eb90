import 'reflect-metadata';
import type { EntityManager } from 'typeorm';
import type { UpstreamFacts } from '../upstream/upstream-facts';
import type { RolloutEntity } from './rollout.entity';
import { gateFacts } from './rollout.service';

/**
 * A manager that counts the reads in flight at once. A transaction's manager has one connection:
 * a query sent while another runs is queued by pg 8 (with a DeprecationWarning) and refused by pg 9.
 */
function countingManager(inTransaction: boolean) {
  let inFlight = 0;
  const seen = { most: 0, reads: 0 };
  const read = (value: unknown) => async () => {
    inFlight += 1;
    seen.reads += 1;
    seen.most = Math.max(seen.most, inFlight);
    await new Promise((resolve) => setImmediate(resolve));
    inFlight -= 1;
    return value;
  };
  const manager = {
    queryRunner: { isTransactionActive: inTransaction },
    findOneByOrFail: (entity: { name: string }) => read(entity.name === 'BrandEntity' ? { id: 'b', slug: 'halden' } : { id: 'c', code: 'FULFILMENT' })(),
    query: read([{ assessment_id: 'a' }]),
    findOne: read(null),
    findBy: read([]),
  } as unknown as EntityManager;
  return { manager, seen };
}

const facts = { operationsOf: async () => ({ orders: null, contracts: null, sourcingPolicy: null }) } as unknown as UpstreamFacts;
const rollout = { id: 'r', brandId: 'b', capabilityId: 'c', decisionId: 'd', openedAt: new Date(), toModel: 'ORCHESTRATE', design: null } as unknown as RolloutEntity;

describe('gateFacts', () => {
  it('reads in turn inside a transaction (one query at a time on its connection)', async () => {
    const { manager, seen } = countingManager(true);
    const result = await gateFacts(manager, facts, rollout);
    expect(seen).toEqual({ most: 1, reads: 5 });
    expect(result.decision.assessmentId).toBe('a');
    expect(result.rollout.capabilityCode).toBe('FULFILMENT');
  });

  it('reads at once from the pool outside a transaction', async () => {
    const { manager, seen } = countingManager(false);
    await gateFacts(manager, facts, rollout);
    expect(seen).toEqual({ most: 5, reads: 5 });
  });
});
