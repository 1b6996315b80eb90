import type { OperatingModel } from '../decision/recommend';

/**
 * A rollout of a changed operating model in 30-60-90 (docs/lifecycle.md, "Rollouts"): when an
 * approved decision changes who runs a capability, three phases follow, due 30, 60 and 90 days after
 * the approval, each completed only when its gates — checked from data — are met:
 *
 *   DIAGNOSE  ASSESSMENT            the brand × capability was assessed in the last 12 months
 *             RECOMMENDATION        the decision was judged against the latest assessment's recommendation
 *             COST_TO_SERVE         the brand's cost to serve has a baseline: orders routed this month or last
 *   DESIGN    RESPONSIBILITIES      who does what is recorded
 *             KPIS                  the KPIs the new model is held to, with targets
 *             ESCALATION_PATH       an escalation path
 *             PARTNER_CONTRACT      (PARTNER) an ACTIVE contract covering the capability, valid today, with SLA targets
 *             ROUTING_RULES         (ORCHESTRATE or FEDERATE of FULFILLMENT, INVENTORY, ORDER_MANAGEMENT)
 *                                   the brand's sourcing policy was set since the rollout opened
 *   PILOT     PILOT_SUCCEEDED       a pilot of the new model, started since the rollout opened, SUCCEEDED
 *
 * Phases complete in order, each once; completing PILOT completes the rollout.
 */
export type PhaseName = 'DIAGNOSE' | 'DESIGN' | 'PILOT';
export const PHASES: readonly PhaseName[] = ['DIAGNOSE', 'DESIGN', 'PILOT'];
export const PHASE_DUE_DAYS: Record<PhaseName, number> = { DIAGNOSE: 30, DESIGN: 60, PILOT: 90 };
export const ASSESSMENT_MAX_AGE_DAYS = 365;
/** Capabilities whose central running needs routing and sourcing rules. */
export const ROUTED_CAPABILITIES: ReadonlySet<string> = new Set(['FULFILLMENT', 'INVENTORY', 'ORDER_MANAGEMENT']);
const DAY = 86_400_000;

export interface Gate {
  code: string;
  met: boolean;
  description: string;
}

/** Whether a change of model opens a rollout: it changes who runs the capability. */
export function opensRollout(previousModel: OperatingModel | null | undefined, newModel: OperatingModel): boolean {
  return !!previousModel && previousModel !== newModel;
}

export function rolloutSchedule(openedAt: Date): { phase: PhaseName; position: number; dueAt: Date }[] {
  return PHASES.map((phase, i) => ({ phase, position: i + 1, dueAt: new Date(openedAt.getTime() + PHASE_DUE_DAYS[phase] * DAY) }));
}

export function isPhaseOverdue(phase: { dueAt: Date; completedAt: Date | null }, now: Date): boolean {
  return phase.completedAt === null && phase.dueAt.getTime() < now.getTime();
}

/** The phase to complete next, or null when all are complete; a phase asked out of turn says why. */
export function phaseOrderProblem(phases: readonly { phase: PhaseName; completedAt: Date | null }[], asked: PhaseName): string | null {
  const next = PHASES.find((p) => !phases.find((x) => x.phase === p)?.completedAt);
  if (next === asked) return null;
  if (phases.find((x) => x.phase === asked)?.completedAt) return `${asked} is already complete.`;
  return `${next} comes first: phases complete in the order ${PHASES.join(', ')}.`;
}

export interface GateFacts {
  now: Date;
  rollout: { openedAt: Date; toModel: OperatingModel; capabilityCode: string };
  decision: { assessmentId: string };
  latestAssessment: { id: string; assessedAt: Date } | null;
  /** Orders routed this month and last; null when inventory could not be read. */
  orders: { thisMonth: number; lastMonth: number } | null;
  design: { responsibilities: number; kpis: number; escalationSteps: number } | null;
  /** The brand's current contracts; null when partners could not be read. */
  contracts: readonly { status: string; capabilityScope: readonly string[]; validFrom: string; validTo: string; slaKpis: readonly string[] }[] | null;
  /** The brand's sourcing policy; null when inventory could not be read. */
  sourcingPolicy: { isDefault: boolean; updatedAt: Date | null } | null;
  pilots: readonly { model: OperatingModel; status: string; startedAt: Date | null }[];
}

const gate = (code: string, met: boolean, description: string): Gate => ({ code, met, description });
const unreadable = (what: string) => `${what} could not be read just now (the subgraph did not answer); try again`;

export function phaseGates(phase: PhaseName, f: GateFacts): Gate[] {
  const { capabilityCode: cap, toModel } = f.rollout;
  const today = f.now.toISOString().slice(0, 10);
  switch (phase) {
    case 'DIAGNOSE': {
      const fresh = !!f.latestAssessment && f.now.getTime() - f.latestAssessment.assessedAt.getTime() <= ASSESSMENT_MAX_AGE_DAYS * DAY;
      return [
        gate('ASSESSMENT', fresh, `${cap} assessed for the brand in the last ${ASSESSMENT_MAX_AGE_DAYS} days`),
        gate(
          'RECOMMENDATION',
          !!f.latestAssessment && f.latestAssessment.id === f.decision.assessmentId,
          'the decision was judged against the recommendation of the latest assessment (reassessed since? propose again)',
        ),
        f.orders === null
          ? gate('COST_TO_SERVE', false, unreadable('the cost to serve'))
          : gate('COST_TO_SERVE', f.orders.thisMonth + f.orders.lastMonth > 0, 'a cost-to-serve baseline: orders of the brand routed this month or last'),
      ];
    }
    case 'DESIGN': {
      const gates = [
        gate('RESPONSIBILITIES', (f.design?.responsibilities ?? 0) > 0, 'who does what under the new model is recorded (recordRolloutDesign)'),
        gate('KPIS', (f.design?.kpis ?? 0) > 0, 'the KPIs the new model is held to are recorded, with targets'),
        gate('ESCALATION_PATH', (f.design?.escalationSteps ?? 0) > 0, 'an escalation path is recorded'),
      ];
      if (toModel === 'PARTNER') {
        gates.push(
          f.contracts === null
            ? gate('PARTNER_CONTRACT', false, unreadable('the contracts'))
            : gate(
                'PARTNER_CONTRACT',
                f.contracts.some((c) => c.status === 'ACTIVE' && c.capabilityScope.includes(cap) && c.validFrom <= today && c.validTo >= today && c.slaKpis.length > 0),
                `an ACTIVE contract covering ${cap}, valid today, with SLA targets, before the transition`,
              ),
        );
      }
      if ((toModel === 'ORCHESTRATE' || toModel === 'FEDERATE') && ROUTED_CAPABILITIES.has(cap)) {
        gates.push(
          f.sourcingPolicy === null
            ? gate('ROUTING_RULES', false, unreadable('the sourcing policy'))
            : gate(
                'ROUTING_RULES',
                !f.sourcingPolicy.isDefault && !!f.sourcingPolicy.updatedAt && f.sourcingPolicy.updatedAt.getTime() >= f.rollout.openedAt.getTime(),
                'the routing and sourcing rules are set for the new model (setSourcingPolicy since the rollout opened)',
              ),
        );
      }
      return gates;
    }
    case 'PILOT':
      return [
        gate(
          'PILOT_SUCCEEDED',
          f.pilots.some((p) => p.model === toModel && p.status === 'SUCCEEDED' && !!p.startedAt && p.startedAt.getTime() >= f.rollout.openedAt.getTime()),
          `a pilot of ${toModel} for ${cap}, started since the rollout opened, concluded SUCCEEDED`,
        ),
      ];
  }
}
