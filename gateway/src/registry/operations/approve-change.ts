import type { EntityManager } from 'typeorm';
import { grantedScopes, type Principal } from '../../../../shared/src/auth/principal';
import { audited, AuditTrail, type AuditedTransaction } from '../../../../shared/src/ledger/ledger';
import type { ApproveResponse, Refusal, SupergraphRef } from '../api';
import { notAccepted } from '../governance/governance-changes';
import type { RegistryCaller, RegistryContext } from '../registry-context';
import { RegistryActions } from '../registry-actions';
import { RegistryChangeEntity } from '../registry.entities';
import { changeView } from '../views';
import { applyRollback } from './apply-rollback';
import { applySubgraphChange } from './apply-subgraph-change';
import { evaluateRollback, evaluateSubgraphChange, subgraphState } from './evaluate';
import { supergraphVersion } from './queries';
import { refusalFor, refuse, urlNotAllowed } from './refusals';
import { underRegistryLock } from './registry-lock';

export interface DecideInput {
  id: string;
  reason: string;
}

/** The proposer, or anyone they acted for or who acted for them, is the same person. */
export function samePerson(change: Pick<RegistryChangeEntity, 'proposedBy' | 'proposedOnBehalfOf'>, principal: Pick<Principal, 'sub' | 'onBehalfOf'>): boolean {
  const proposer = [change.proposedBy, change.proposedOnBehalfOf].filter(Boolean);
  return [principal.sub, principal.onBehalfOf].some((who) => !!who && proposer.includes(who));
}

/** A pending change that may be decided by this caller, or why not. */
export async function pendingChange(manager: EntityManager, id: string): Promise<RegistryChangeEntity | Refusal> {
  const change = await manager.findOne(RegistryChangeEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!change) return refuse('NOT_FOUND', `there is no registry change ${id}`, { field: 'id' });
  if (change.status !== 'PENDING') return refuse('CHANGE_NOT_PENDING', `registry change ${id} is already ${change.status} (by ${change.decidedBy})`);
  return change;
}

type Apply = (tx: AuditedTransaction) => Promise<SupergraphRef>;

/**
 * Checks a pending change again against what is live now, and returns how to make it live — or why
 * it may not go live any more: its subgraph (or, for a rollback, the supergraph) changed since it
 * was proposed, its URL left the allowlist, it no longer composes, or it now breaks or changes
 * governance in ways that were not proposed.
 */
async function recheck(context: RegistryContext, manager: EntityManager, change: RegistryChangeEntity, approver: string): Promise<Apply | Refusal> {
  const outdated = refuse('CHANGE_OUTDATED', `registry change ${change.id} was proposed against what is no longer live; propose it again`);
  const approval = { approvedBy: approver, changeId: change.id };
  if (change.kind === 'rollback') {
    const target = await supergraphVersion(manager, change.restores!);
    const { report, members, live } = await evaluateRollback(context, manager, target!);
    if (live?.version !== change.baseVersion) return outdated;
    for (const member of members) {
      const refused = urlNotAllowed(context.allowlist, member.routingUrl, `routing URL of ${member.name}`);
      if (refused) return refused;
    }
    const unproposed = notAccepted(report.governance, change.governance);
    if (unproposed.length) return refusalFor({ ...report, governance: unproposed }, {})!;
    return (tx) => applyRollback(tx, { target: target!, live, members, reason: change.reason, by: change.proposedBy, governance: report.governance, ...approval });
  }
  const state = await subgraphState(manager, change.name!);
  if ((state.previous?.version ?? 0) !== change.baseVersion || (change.kind === 'remove' && !state.existing)) return outdated;
  if (change.routingUrl !== null) {
    const refused = urlNotAllowed(context.allowlist, change.routingUrl, 'url');
    if (refused) return refused;
  }
  const proposed = { name: change.name!, url: change.routingUrl ?? undefined, sdl: change.sdl };
  const { report, supergraph } = await evaluateSubgraphChange(context, manager, state, proposed);
  const unproposed = { ...report, breaking: notAccepted(report.breaking, change.acceptedBreaking), governance: notAccepted(report.governance, change.governance) };
  const refusal = refusalFor(unproposed, {});
  if (refusal) return { ...refusal, message: `since it was proposed: ${refusal.message}`, checks: report };
  return async (tx) =>
    (
      await applySubgraphChange(tx, state, {
        name: change.name!,
        url: change.routingUrl,
        sdl: change.sdl,
        supergraphSdl: supergraph!.sdl,
        reason: change.reason,
        checks: report,
        publishedBy: change.proposedBy,
        ...approval,
      })
    ).supergraph;
}

/**
 * Approves a pending change: someone holding `registry:approve` who did not propose it. The checks
 * run again against the then-live supergraph, and it goes live only if they still pass. The
 * approval and the change it makes are recorded in one transaction.
 */
export async function approveChange(context: RegistryContext, caller: RegistryCaller, input: DecideInput): Promise<ApproveResponse | Refusal> {
  if (!grantedScopes(caller.principal).has('registry:approve')) {
    return refuse('UNAUTHORIZED_FIELD_OR_TYPE', 'approving a registry change needs the registry:approve scope (the governance-approver role)');
  }
  const trail = { audit: AuditTrail.of(caller.principal, caller.requestId) };
  return underRegistryLock(context.dataSource, async (manager): Promise<ApproveResponse | Refusal> => {
    const change = await pendingChange(manager, input.id);
    if ('outcome' in change) return change;
    if (samePerson(change, caller.principal)) {
      return refuse('SEPARATION_OF_DUTIES', `${caller.principal.sub} proposed registry change ${change.id}; someone else holding registry:approve must approve it`);
    }
    const apply = await recheck(context, manager, change, caller.principal.sub);
    if (typeof apply !== 'function') return apply;
    return audited(manager, trail, async (tx) => {
      const supergraph = await apply(tx);
      Object.assign(change, { status: 'APPROVED', decidedBy: caller.principal.sub, decidedAt: new Date(), decisionReason: input.reason, supergraphVersion: supergraph.version });
      await tx.manager.save(change);
      tx.record({
        action: RegistryActions.approve,
        subject: { type: 'RegistryChange', id: change.id },
        before: { status: 'PENDING', proposedBy: change.proposedBy },
        after: { status: 'APPROVED', supergraphVersion: supergraph.version },
        reason: input.reason,
        evidence: { governanceChanges: change.governance },
      });
      return { outcome: 'approved', change: changeView(change), supergraph };
    });
  });
}
