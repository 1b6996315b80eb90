import type { RemoveRequest, RemoveResponse } from '../../../gateway/src/registry/api';
import { EXIT, exitFor, required, type Command } from '../command';
import { printPending, printRefusal } from '../report';

/** `subgraph remove <n> --reason <text> [--accept-breaking] [--accept-governance]` */
export const subgraphRemove: Command = async ({ io, client, values, arg }) => {
  const name = required(arg ?? values.name, '<name>');
  const request: RemoveRequest = {
    name,
    reason: required(values.reason, '--reason'),
    acceptBreaking: !!values['accept-breaking'],
    acceptGovernance: !!values['accept-governance'],
  };
  const answer = await client.post<RemoveResponse>('/registry/remove', request);
  if (!answer.ok) {
    printRefusal(io, `remove ${name}`, answer.error);
    return exitFor(answer.error);
  }
  if (answer.body.outcome === 'pending') printPending(io, `remove ${name}`, answer.body.change);
  else io.out(`removed ${name} → supergraph version ${answer.body.supergraph.version} (${answer.body.supergraph.hash.slice(0, 12)})`);
  return EXIT.done;
};
