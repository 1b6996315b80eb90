import type { SubgraphListResponse } from '../../../gateway/src/registry/api';
import { EXIT, type Command } from '../command';
import { emit, refused } from '../report';

/** `subgraph list`: the subgraphs in the supergraph. */
export const subgraphList: Command = {
  name: 'subgraph list',
  args: '',
  summary: 'the subgraphs in the supergraph: name, version, routing URL, when and by whom published',
  options: [],
  async run(context) {
    const { io, client } = context;
    const answer = await client.get<SubgraphListResponse>('/registry/subgraphs');
    if (!answer.ok) return refused(context, 'subgraph list', answer.error);
    emit(context, answer.body, () => {
      for (const s of answer.body.subgraphs) io.out(`${s.name.padEnd(16)} v${String(s.version).padEnd(4)} ${s.routingUrl.padEnd(40)} ${s.publishedAt} ${s.publishedBy}`);
    });
    return EXIT.done;
  },
};
