import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { seedOnce } from '../../../shared/src/db/seed-once';
import { brandIdBySlug } from '../../../shared/src/demo/portfolio';
import { stableId } from '../../../shared/src/demo/stable-id';
import { appendEntries, SEED_ACTOR, type LedgerRecord } from '../../../shared/src/ledger/ledger';
import type { Logger } from '../../../shared/src/logger';
import { DecisionEntity } from './decision/decision.entity';
import type { OperatingModel } from './decision/recommend';
import { PilotEntity, PilotMeasurementEntity, type PilotStatus } from './pilot/pilot.entity';
import { evaluatePilot, type PilotMetric } from './pilot/pilot-outcome';
import { rolloutSchedule } from './rollout/phase-gates';
import { RolloutEntity, RolloutPhaseEntity } from './rollout/rollout.entity';

const DAY = 86_400_000;
const LEAD = 'ines.moreau@portfolio-office';

interface DemoPilot {
  brand: string;
  capability: string;
  model: OperatingModel;
  hypothesis: string;
  regions: string[];
  channels: string[];
  metrics: PilotMetric[];
  startedDaysAgo: number;
  days: number;
  status: PilotStatus;
  /** [metric, value, days after the start] */
  measurements: [string, number, number][];
  conclusion?: string;
}

const COST_AND_OTIF: PilotMetric[] = [
  { metric: 'COST_PER_ORDER', baseline: 7.2, target: 6.5, direction: 'LOWER_IS_BETTER', dataSource: 'Cost to serve of the pilot’s orders' },
  { metric: 'OTIF', baseline: 0.93, target: 0.95, direction: 'HIGHER_IS_BETTER', dataSource: 'Partner scorecard' },
];

/**
 * The pilots of the demo: Northwind tries a partner for its western European orders (a borderline
 * cell: its fulfillment flips to PARTNER with platform maturity 2) and is running — cost on target,
 * OTIF not measured yet, so its verdict is INCONCLUSIVE; Kestrel's
 * marketplace storefront and Lumen's own storefront were piloted before their proposals (both
 * succeeded); Aurelia tried a federated loyalty programme that missed its targets.
 */
const PILOTS: DemoPilot[] = [
  {
    brand: 'northwind', capability: 'FULFILLMENT', model: 'PARTNER', hypothesis: 'Swiftlane Rotterdam ships our EU-WEST orders for less, as reliably',
    regions: ['EU-WEST'], channels: [], metrics: COST_AND_OTIF, startedDaysAgo: 14, days: 60, status: 'RUNNING',
    measurements: [['COST_PER_ORDER', 6.4, 7]],
  },
  {
    brand: 'kestrel', capability: 'STOREFRONT', model: 'PARTNER', hypothesis: 'Marketa reaches parents our own storefront does not',
    regions: [], channels: ['marketplace'], startedDaysAgo: 75, days: 45, status: 'SUCCEEDED',
    metrics: [{ metric: 'CONVERSION_RATE', baseline: 0.018, target: 0.03, direction: 'HIGHER_IS_BETTER', dataSource: 'Marketa analytics' }],
    measurements: [['CONVERSION_RATE', 0.034, 30], ['CONVERSION_RATE', 0.038, 44]], conclusion: 'Conversion doubled; the exception has its evidence',
  },
  {
    brand: 'lumen', capability: 'STOREFRONT', model: 'OPERATE', hypothesis: 'Shade-matching on our own storefront lifts NPS',
    regions: ['EU-CENTRAL'], channels: ['web'], startedDaysAgo: 40, days: 30, status: 'SUCCEEDED',
    metrics: [{ metric: 'NPS', baseline: 31, target: 40, direction: 'HIGHER_IS_BETTER', dataSource: 'Lumen lab survey' }],
    measurements: [['NPS', 44, 28]], conclusion: 'NPS +13 in the pilot region',
  },
  {
    brand: 'aurelia', capability: 'LOYALTY', model: 'FEDERATE', hypothesis: 'The shared loyalty platform keeps Aurelia’s clienteling',
    regions: ['EU-WEST'], channels: ['store'], startedDaysAgo: 35, days: 28, status: 'FAILED',
    metrics: [{ metric: 'REPEAT_PURCHASE_RATE', baseline: 0.42, target: 0.45, direction: 'HIGHER_IS_BETTER', dataSource: 'CRM cohort report' }],
    measurements: [['REPEAT_PURCHASE_RATE', 0.39, 27]], conclusion: 'Repeat purchases fell: clienteling needs the brand’s own tools',
  },
];

const dayOf = (d: Date) => d.toISOString().slice(0, 10);

async function seedPilot(manager: EntityManager, demo: DemoPilot, now: Date, records: LedgerRecord[]): Promise<void> {
  const brandId = brandIdBySlug(demo.brand);
  const capabilityId = stableId(`capability:${demo.capability}`);
  const inEffect = await manager.findOneBy(DecisionEntity, { brandId, capabilityId, status: 'APPROVED' });
  const startedAt = new Date(now.getTime() - demo.startedDaysAgo * DAY);
  const measurements = demo.measurements.map(([metric, value, after]) =>
    Object.assign(new PilotMeasurementEntity(), {
      id: randomUUID(),
      pilotId: '',
      brandId,
      metric,
      value,
      measuredAt: new Date(startedAt.getTime() + after * DAY),
      source: demo.metrics.find((m) => m.metric === metric)!.dataSource,
      recordedBy: 'olga.petrova@operations',
      recordedAt: new Date(startedAt.getTime() + after * DAY),
    }),
  );
  const concluded = demo.status !== 'RUNNING';
  const concludedAt = concluded ? new Date(startedAt.getTime() + demo.days * DAY) : null;
  const pilot = Object.assign(new PilotEntity(), {
    id: randomUUID(),
    brandId,
    capabilityId,
    model: demo.model,
    baselineModel: inEffect?.model ?? null,
    hypothesis: demo.hypothesis,
    scope: { regions: demo.regions, channels: demo.channels, skuIds: [] },
    metrics: demo.metrics,
    startsOn: dayOf(startedAt),
    endsOn: dayOf(new Date(startedAt.getTime() + demo.days * DAY)),
    status: demo.status,
    plannedBy: LEAD,
    plannedAt: new Date(startedAt.getTime() - 7 * DAY),
    startedBy: LEAD,
    startedAt,
    concludedBy: concluded ? LEAD : null,
    concludedAt,
    conclusionReason: demo.conclusion ?? null,
    evaluation: concluded ? evaluatePilot(demo.metrics, measurements) : null,
  });
  await manager.insert(PilotEntity, pilot);
  await manager.insert(PilotMeasurementEntity, measurements.map((m) => ({ ...m, pilotId: pilot.id })));
  const subject = { type: 'Pilot', id: pilot.id, brandId, capability: demo.capability };
  records.push(
    { action: 'pilot.plan', subject, after: { model: pilot.model, scope: pilot.scope, metrics: pilot.metrics, status: 'PLANNED' }, reason: demo.hypothesis },
    { action: 'pilot.start', subject, after: { status: 'RUNNING' }, reason: 'Demo portfolio seed: lifecycle' },
    ...measurements.map((m) => ({ action: 'pilot.measure', subject, after: { metric: m.metric, value: m.value, measuredAt: m.measuredAt.toISOString() }, reason: `Measured ${m.metric}` })),
    ...(concluded ? [{ action: 'pilot.conclude', subject, after: { status: pilot.status, verdict: pilot.evaluation!.verdict }, reason: demo.conclusion! }] : []),
  );
}

/**
 * Kestrel's move of its storefront to Marketa, approved as an exception a month ago, rolled out in
 * 30-60-90: the design is recorded without KPIs yet, and DIAGNOSE — whose gates the data meets — was
 * never signed off, so it is past its due date.
 */
async function seedRollout(manager: EntityManager, records: LedgerRecord[]): Promise<void> {
  const brandId = brandIdBySlug('kestrel');
  const capabilityId = stableId('capability:STOREFRONT');
  const decision = await manager.findOneBy(DecisionEntity, { brandId, capabilityId, status: 'APPROVED' });
  if (!decision || decision.model === decision.recommendedModel) return;
  const openedAt = decision.effectiveFrom!;
  const rollout = Object.assign(new RolloutEntity(), {
    id: randomUUID(),
    brandId,
    capabilityId,
    decisionId: decision.id,
    fromModel: decision.recommendedModel,
    toModel: decision.model,
    status: 'IN_PROGRESS' as const,
    openedAt,
    closedAt: null,
    design: {
      responsibilities: [
        { activity: 'Run the storefront and its checkout', owner: 'Marketa' },
        { activity: 'Own the assortment, prices and brand content', owner: 'Kestrel e-commerce' },
      ],
      kpis: [],
      escalationPath: [
        { level: 1, role: 'Marketa account manager', responseHours: 48 },
        { level: 2, role: 'Head of partner operations', responseHours: 24 },
      ],
      recordedBy: LEAD,
      recordedAt: new Date(openedAt.getTime() + 20 * DAY).toISOString(),
    },
  });
  await manager.insert(RolloutEntity, rollout);
  await manager.insert(
    RolloutPhaseEntity,
    rolloutSchedule(openedAt).map((p) => ({ rolloutId: rollout.id, phase: p.phase, position: p.position, dueAt: p.dueAt, completedAt: null, completedBy: null, gates: null })),
  );
  const subject = { type: 'Rollout', id: rollout.id, brandId, capability: 'STOREFRONT' };
  records.push(
    { action: 'rollout.open', subject, after: { decision: decision.id, fromModel: rollout.fromModel, toModel: rollout.toModel }, reason: 'STOREFRONT moves to Marketa: diagnose, design and pilot' },
    { action: 'rollout.design', subject, after: { design: rollout.design }, reason: 'Design workshop with Marketa, KPIs to follow' },
  );
}

/**
 * The lifecycle part of the demo, once per database (also into one seeded before it existed):
 * pilots — one running on a borderline cell, three concluded — and a rollout in progress, overdue.
 */
export async function seedBrandsLifecycle(dataSource: DataSource, logger: Logger, now = new Date()): Promise<void> {
  await seedOnce(dataSource, 'demo-lifecycle', logger, async (manager) => {
    const records: LedgerRecord[] = [];
    for (const pilot of PILOTS) await seedPilot(manager, pilot, now, records);
    await seedRollout(manager, records);
    await appendEntries(manager, SEED_ACTOR, null, records);
  });
}
