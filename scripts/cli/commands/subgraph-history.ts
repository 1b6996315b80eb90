import type { SubgraphHistoryResponse } from '../../../gateway/src/registry/api';
import { EXIT, required, type Command } from '../command';
import { emit, refused } from '../report';

/** `subgraph history <n>`: every version, newest first, with what was accepted and who approved it. */
export const subgraphHistory: Command = {
  name: 'subgraph history',
  args: '<n>',
  summary: 'every version of a subgraph, newest first, with what was accepted and who approved it',
  options: ['name'],
  positional: 'optional',
  async run(context) {
    const { io, client, values, arg } = context;
    const name = required(arg ?? values.name, '<name>');
    const answer = await client.get<SubgraphHistoryResponse>(`/registry/subgraphs/${encodeURIComponent(name)}`);
    if (!answer.ok) return refused(context, `history ${name}`, answer.error);
    emit(context, answer.body, () => {
      for (const v of answer.body.versions) {
        const breaking = v.acceptedBreaking ? ` (accepted breaking: ${v.acceptedBreaking.map((b) => b.coordinate).join(', ')})` : '';
        const governance = v.acceptedGovernance ? ` (governance: ${[...new Set(v.acceptedGovernance.map((g) => g.coordinate))].join(', ')}; approved by ${v.approvedBy})` : '';
        io.out(`v${v.version} ${v.publishedAt} ${v.publishedBy}${v.removed ? ' REMOVED' : ''} ${v.routingUrl} — ${v.reason}${breaking}${governance}`);
      }
    });
    return EXIT.done;
  },
};
