import type { SubgraphHistoryResponse } from '../../../gateway/src/registry/api';
import { EXIT, exitFor, required, type Command } from '../command';
import { printRefusal } from '../report';

/** `subgraph history <n>`: every version, newest first, with what was accepted and who approved it. */
export const subgraphHistory: Command = async ({ io, client, values, arg }) => {
  const name = required(arg ?? values.name, '<name>');
  const answer = await client.get<SubgraphHistoryResponse>(`/registry/subgraphs/${encodeURIComponent(name)}`);
  if (!answer.ok) {
    printRefusal(io, `history ${name}`, answer.error);
    return exitFor(answer.error);
  }
  for (const v of answer.body.versions) {
    const breaking = v.acceptedBreaking ? ` (accepted breaking: ${v.acceptedBreaking.map((b) => b.coordinate).join(', ')})` : '';
    const governance = v.acceptedGovernance ? ` (governance: ${[...new Set(v.acceptedGovernance.map((g) => g.coordinate))].join(', ')}; approved by ${v.approvedBy})` : '';
    io.out(`v${v.version} ${v.publishedAt} ${v.publishedBy}${v.removed ? ' REMOVED' : ''} ${v.routingUrl} — ${v.reason}${breaking}${governance}`);
  }
  return EXIT.done;
};
