import type { RemoveRequest, RemoveResponse } from '../../../gateway/src/registry/api';
import { EXIT, required, type Command } from '../command';
import { emit, printPending, refused } from '../report';

/** `subgraph remove <n> --reason <text> [--accept-breaking] [--accept-governance]` */
export const subgraphRemove: Command = {
  name: 'subgraph remove',
  args: '<n> --reason <text> [--accept-breaking] [--accept-governance]',
  summary: 'take a subgraph out of the supergraph',
  details: 'Removing fields clients use is breaking: refused (exit 1) without --accept-breaking.',
  options: ['name', 'reason', 'accept-breaking', 'accept-governance'],
  positional: 'optional',
  async run(context) {
    const { io, client, values, arg } = context;
    const name = required(arg ?? values.name, '<name>');
    const request: RemoveRequest = {
      name,
      reason: required(values.reason, '--reason'),
      acceptBreaking: !!values['accept-breaking'],
      acceptGovernance: !!values['accept-governance'],
    };
    const answer = await client.post<RemoveResponse>('/registry/remove', request);
    if (!answer.ok) return refused(context, `remove ${name}`, answer.error);
    const outcome = answer.body;
    emit(context, outcome, () => {
      if (outcome.outcome === 'pending') printPending(io, `remove ${name}`, outcome.change);
      else io.out(`removed ${name} → supergraph version ${outcome.supergraph.version} (${outcome.supergraph.hash.slice(0, 12)})`);
    });
    return EXIT.done;
  },
};
