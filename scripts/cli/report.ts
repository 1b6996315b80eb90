import type { ApiError, ChangeView, CheckReport, ErrorResponse } from '../../gateway/src/registry/api';
import { EXIT, exitFor, type CliIo, type CommandContext, type ExitCode } from './command';

/** Every problem of a check, one line each; or that there is none. */
export function printChecks(print: (line: string) => void, name: string, checks: CheckReport | undefined): void {
  if (!checks) return;
  for (const e of checks.composition) print(`  ✘ ${e}`);
  for (const b of checks.breaking) {
    print(`  ${b.blocking === false ? '!' : '✘'} breaking ${b.type} ${b.coordinate}: ${b.description}`);
    if (b.note) print(`      ${b.note}`);
    for (const u of b.usage ?? []) print(`      used by ${u.clientName || '(no client name)'}: ${u.operationName || '(anonymous)'} ${u.operationHash.slice(0, 12)} — ${Math.round(u.requests)} requests, last ${u.lastSeen}`);
    for (const r of b.registeredOperations ?? []) print(`      breaks registered operation ${r.clientName}/${r.name || r.id} (${r.id})`);
  }
  for (const r of checks.brokenOperations ?? []) print(`  ✘ registered operation ${r.clientName}/${r.name || r.id} (${r.id}) would break: ${(r.errors ?? []).join(' ')}`);
  for (const g of checks.governance) print(`  ✘ governance ${g.type} ${g.coordinate}: ${g.description}`);
  if (!checks.composition.length && !checks.breaking.length && !checks.governance.length && !checks.brokenOperations?.length) {
    print(`  ✔ ${name} composes, passes the governance lint, breaks nothing and changes no governance`);
  }
}

/** An error answer, for people: refused by the registry, or the command could not run; its code, message and any check report. */
export function printRefusal(io: CliIo, what: string, error: ApiError): void {
  io.err(`${what}: ${exitFor(error) === EXIT.refused ? 'refused' : 'could not run'} (${error.extensions.code}) — ${error.message}`);
  printChecks((line) => io.err(line), what, error.extensions.checks);
}

/**
 * The registry said no, or the command could not run: with --json the error in GraphQL's shape on
 * stdout (and the message on stderr), else the explanation on stderr. Returns the exit code.
 */
export function refused({ io, json }: Pick<CommandContext, 'io' | 'json'>, what: string, error: ApiError): ExitCode {
  if (json) {
    io.out(JSON.stringify({ errors: [error] } satisfies ErrorResponse));
    io.err(`${what}: ${error.message}`);
  } else printRefusal(io, what, error);
  return exitFor(error);
}

/** The command's result: with --json the document on stdout, else what `human` prints. */
export function emit(context: Pick<CommandContext, 'io' | 'json'>, document: unknown, human: () => void): void {
  if (context.json) context.io.out(JSON.stringify(document));
  else human();
}

export function printPending(io: CliIo, what: string, change: ChangeView): void {
  io.out(`${what}: proposed as change ${change.id} — pending approval, NOT live`);
  for (const g of change.governance) io.out(`  ! governance ${g.type} ${g.coordinate}: ${g.description}`);
  io.err(`  someone else holding registry:approve: trellis change approve ${change.id} --reason <text>`);
}

export function printChange(io: CliIo, change: ChangeView): void {
  const what = change.kind === 'rollback' ? `rollback to supergraph ${change.restores}` : `${change.kind} ${change.subgraph}${change.routingUrl ? ` at ${change.routingUrl}` : ''}`;
  const decided = change.decidedBy ? ` — ${change.status} by ${change.decidedBy} at ${change.decidedAt}: ${change.decisionReason}` : '';
  io.out(`${change.id} ${change.status} ${what} — proposed by ${change.proposedBy} at ${change.proposedAt}: ${change.reason}${decided}`);
  for (const g of change.governance) io.out(`  ! governance ${g.type} ${g.coordinate}: ${g.description}`);
  for (const b of change.acceptedBreaking) io.out(`  ! breaking ${b.type} ${b.coordinate}: ${b.description}`);
}
