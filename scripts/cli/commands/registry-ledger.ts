import type { LedgerResponse } from '../../../gateway/src/registry/api';
import { EXIT, firstOf, type Command } from '../command';
import { emit, refused } from '../report';

/** `registry ledger [--first <n>]`: who changed what and why, newest first; exit 1 when the chain does not verify. */
export const registryLedger: Command = {
  name: 'registry ledger',
  args: '[--first <n>]',
  summary: "the registry's ledger, newest first, and whether its hash chain verifies",
  details: 'Needs ledger:read. Exit 1 when the chain does not verify.',
  options: ['first'],
  async run(context) {
    const { io, client, values } = context;
    const first = firstOf(values.first) ?? 50;
    const answer = await client.get<LedgerResponse>(`/registry/ledger?first=${first}`);
    if (!answer.ok) return refused(context, 'registry ledger', answer.error);
    const { entries, verify } = answer.body;
    emit(context, answer.body, () => {
      for (const e of entries) io.out(`#${e.seq} ${e.occurredAt} ${e.actor.subject} ${e.action} ${e.subject.type}:${e.subject.id} — ${e.reason}`);
      if (verify.ok) io.err(`chain verified: ${verify.checkedEntries} entries`);
      else io.err(`CHAIN BROKEN at seq ${verify.firstBrokenSeq}`);
    });
    return verify.ok ? EXIT.done : EXIT.refused;
  },
};
