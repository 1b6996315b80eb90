import type { SubgraphListResponse } from '../../../gateway/src/registry/api';
import { EXIT, exitFor, type Command } from '../command';
import { printRefusal } from '../report';

/** `subgraph list`: the subgraphs in the supergraph. */
export const subgraphList: Command = async ({ io, client }) => {
  const answer = await client.get<SubgraphListResponse>('/registry/subgraphs');
  if (!answer.ok) {
    printRefusal(io, 'subgraph list', answer.error);
    return exitFor(answer.error);
  }
  for (const s of answer.body.subgraphs) io.out(`${s.name.padEnd(16)} v${String(s.version).padEnd(4)} ${s.routingUrl.padEnd(40)} ${s.publishedAt} ${s.publishedBy}`);
  return EXIT.done;
};
