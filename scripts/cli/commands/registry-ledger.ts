import type { LedgerResponse } from '../../../gateway/src/registry/api';
import { EXIT, exitFor, type Command } from '../command';
import { printRefusal } from '../report';

/** `registry ledger [--first <n>]`: who changed what and why, newest first; exit 1 when the chain does not verify. */
export const registryLedger: Command = async ({ io, client, values }) => {
  const answer = await client.get<LedgerResponse>(`/registry/ledger?first=${Number(values.first ?? 50) || 50}`);
  if (!answer.ok) {
    printRefusal(io, 'registry ledger', answer.error);
    return exitFor(answer.error);
  }
  const { entries, verify } = answer.body;
  for (const e of entries) io.out(`#${e.seq} ${e.occurredAt} ${e.actor.subject} ${e.action} ${e.subject.type}:${e.subject.id} — ${e.reason}`);
  io.out(verify.ok ? `chain verified: ${verify.checkedEntries} entries` : `CHAIN BROKEN at seq ${verify.firstBrokenSeq}`);
  return verify.ok ? EXIT.done : EXIT.refused;
};
