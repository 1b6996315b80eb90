import type { ApiError, ChangeView, CheckReport } from '../../gateway/src/registry/api';
import { EXIT, exitFor, type CliIo } from './command';

/** Every problem of a check, one line each; or that there is none. */
export function printChecks(io: CliIo, name: string, checks: CheckReport | undefined): void {
  if (!checks) return;
  for (const e of checks.composition) io.out(`  ✘ ${e}`);
  for (const b of checks.breaking) {
    io.out(`  ${b.blocking === false ? '!' : '✘'} breaking ${b.type} ${b.coordinate}: ${b.description}`);
    if (b.note) io.out(`      ${b.note}`);
    for (const u of b.usage ?? []) io.out(`      used by ${u.clientName || '(no client name)'}: ${u.operationName || '(anonymous)'} ${u.operationHash.slice(0, 12)} — ${Math.round(u.requests)} requests, last ${u.lastSeen}`);
    for (const r of b.registeredOperations ?? []) io.out(`      breaks registered operation ${r.clientName}/${r.name || r.id} (${r.id})`);
  }
  for (const r of checks.brokenOperations ?? []) io.out(`  ✘ registered operation ${r.clientName}/${r.name || r.id} (${r.id}) would break: ${(r.errors ?? []).join(' ')}`);
  for (const g of checks.governance) io.out(`  ✘ governance ${g.type} ${g.coordinate}: ${g.description}`);
  if (!checks.composition.length && !checks.breaking.length && !checks.governance.length && !checks.brokenOperations?.length) {
    io.out(`  ✔ ${name} composes, passes the governance lint, breaks nothing and changes no governance`);
  }
}

/** An error answer: refused by the registry, or the command could not run; its code, message and any check report. */
export function printRefusal(io: CliIo, what: string, error: ApiError): void {
  io.out(`${what}: ${exitFor(error) === EXIT.refused ? 'refused' : 'could not run'} (${error.extensions.code}) — ${error.message}`);
  printChecks(io, what, error.extensions.checks);
}

export function printPending(io: CliIo, what: string, change: ChangeView): void {
  io.out(`${what}: proposed as change ${change.id} — pending approval, NOT live`);
  for (const g of change.governance) io.out(`  ! governance ${g.type} ${g.coordinate}: ${g.description}`);
  io.out(`  someone else holding registry:approve: trellis change approve ${change.id} --reason <text>`);
}

export function printChange(io: CliIo, change: ChangeView): void {
  const what = change.kind === 'rollback' ? `rollback to supergraph ${change.restores}` : `${change.kind} ${change.subgraph}${change.routingUrl ? ` at ${change.routingUrl}` : ''}`;
  const decided = change.decidedBy ? ` — ${change.status} by ${change.decidedBy} at ${change.decidedAt}: ${change.decisionReason}` : '';
  io.out(`${change.id} ${change.status} ${what} — proposed by ${change.proposedBy} at ${change.proposedAt}: ${change.reason}${decided}`);
  for (const g of change.governance) io.out(`  ! governance ${g.type} ${g.coordinate}: ${g.description}`);
  for (const b of change.acceptedBreaking) io.out(`  ! breaking ${b.type} ${b.coordinate}: ${b.description}`);
}
