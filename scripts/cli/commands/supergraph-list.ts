import type { SupergraphListResponse } from '../../../gateway/src/registry/api';
import { EXIT, firstOf, type Command } from '../command';
import { emit, refused } from '../report';

/** `supergraph list [--first <n>]`: the supergraphs composed, newest (the one in service) first. */
export const supergraphList: Command = {
  name: 'supergraph list',
  args: '[--first <n>]',
  summary: 'the supergraphs composed, newest (the one in service) first: the versions to roll back to',
  details: 'With --json: { "supergraphs": [...] }, as GET /registry/supergraphs answers, cut to --first.',
  options: ['first'],
  async run(context) {
    const { io, client, values } = context;
    const first = firstOf(values.first);
    const answer = await client.get<SupergraphListResponse>('/registry/supergraphs');
    if (!answer.ok) return refused(context, 'supergraph list', answer.error);
    const supergraphs = first === undefined ? answer.body.supergraphs : answer.body.supergraphs.slice(0, first);
    emit(context, { supergraphs } satisfies SupergraphListResponse, () => {
      const head = answer.body.supergraphs[0]?.version;
      for (const s of supergraphs) {
        const subgraphs = Object.keys(s.subgraphs).sort().join(',');
        const restored = s.rolledBackTo === null ? '' : ` (restores ${s.rolledBackTo})`;
        const live = s.version === head ? ' *' : '  ';
        io.out(`v${String(s.version).padEnd(4)}${live} ${s.hash.slice(0, 12)} ${s.createdAt} ${s.createdBy} [${subgraphs}]${restored} — ${s.reason}`);
      }
      if (head !== undefined) io.err(`* in service: supergraph version ${head}`);
    });
    return EXIT.done;
  },
};
