import type { ApproveResponse, DecideChangeRequest } from '../../../gateway/src/registry/api';
import { EXIT, exitFor, required, type Command } from '../command';
import { printChange, printRefusal } from '../report';

/**
 * `change approve <id> --reason <text>`: the checks run again against what is live, and it goes
 * live only if they pass; the proposer cannot approve their own change.
 */
export const changeApprove: Command = async ({ io, client, values, arg }) => {
  const id = required(arg, '<id>');
  const request: DecideChangeRequest = { reason: required(values.reason, '--reason') };
  const answer = await client.post<ApproveResponse>(`/registry/changes/${encodeURIComponent(id)}/approve`, request);
  if (!answer.ok) {
    printRefusal(io, `approve ${id}`, answer.error);
    return exitFor(answer.error);
  }
  io.out(`approved ${id} → supergraph version ${answer.body.supergraph.version} (${answer.body.supergraph.hash.slice(0, 12)})`);
  printChange(io, answer.body.change);
  return EXIT.done;
};
