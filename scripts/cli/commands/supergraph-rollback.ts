import type { RollbackRequest, RollbackResponse } from '../../../gateway/src/registry/api';
import { EXIT, exitFor, required, UsageError, type Command } from '../command';
import { printPending, printRefusal } from '../report';

/** `supergraph rollback <version> --reason <text> [--accept-governance]` */
export const supergraphRollback: Command = async ({ io, client, values, arg }) => {
  const version = Number(required(arg, '<version>'));
  if (!Number.isInteger(version) || version < 1) throw new UsageError('<version> must be a supergraph version number');
  const request: RollbackRequest = { version, reason: required(values.reason, '--reason'), acceptGovernance: !!values['accept-governance'] };
  const answer = await client.post<RollbackResponse>('/registry/rollback', request);
  if (!answer.ok) {
    printRefusal(io, `rollback to ${version}`, answer.error);
    return exitFor(answer.error);
  }
  if (answer.body.outcome === 'pending') printPending(io, `rollback to ${version}`, answer.body.change);
  else io.out(`rolled back to supergraph ${version}: now serving version ${answer.body.supergraph.version} (${answer.body.supergraph.hash.slice(0, 12)})`);
  return EXIT.done;
};
