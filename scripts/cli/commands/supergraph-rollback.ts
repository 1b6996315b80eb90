import type { RollbackRequest, RollbackResponse } from '../../../gateway/src/registry/api';
import { ArgumentError, EXIT, required, type Command } from '../command';
import { emit, printPending, refused } from '../report';

/** `supergraph rollback <version> --reason <text> [--accept-governance]` */
export const supergraphRollback: Command = {
  name: 'supergraph rollback',
  args: '<version> --reason <text> [--accept-governance]',
  summary: 'serve an earlier supergraph again (as a new version), on every gateway',
  details: 'See the versions with `trellis supergraph list`. A rollback that changes governance needs --accept-governance and an approval.',
  options: ['reason', 'accept-governance'],
  positional: 'required',
  async run(context) {
    const { io, client, values, arg } = context;
    const version = Number(required(arg, '<version>'));
    if (!Number.isInteger(version) || version < 1) throw new ArgumentError('<version> must be a supergraph version number');
    const request: RollbackRequest = { version, reason: required(values.reason, '--reason'), acceptGovernance: !!values['accept-governance'] };
    const answer = await client.post<RollbackResponse>('/registry/rollback', request);
    if (!answer.ok) return refused(context, `rollback to ${version}`, answer.error);
    const outcome = answer.body;
    emit(context, outcome, () => {
      if (outcome.outcome === 'pending') printPending(io, `rollback to ${version}`, outcome.change);
      else io.out(`rolled back to supergraph ${version}: now serving version ${outcome.supergraph.version} (${outcome.supergraph.hash.slice(0, 12)})`);
    });
    return EXIT.done;
  },
};
