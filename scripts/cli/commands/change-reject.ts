import type { DecideChangeRequest, RejectResponse } from '../../../gateway/src/registry/api';
import { EXIT, exitFor, required, type Command } from '../command';
import { printChange, printRefusal } from '../report';

/** `change reject <id> --reason <text>`: nothing goes live. */
export const changeReject: Command = async ({ io, client, values, arg }) => {
  const id = required(arg, '<id>');
  const request: DecideChangeRequest = { reason: required(values.reason, '--reason') };
  const answer = await client.post<RejectResponse>(`/registry/changes/${encodeURIComponent(id)}/reject`, request);
  if (!answer.ok) {
    printRefusal(io, `reject ${id}`, answer.error);
    return exitFor(answer.error);
  }
  io.out(`rejected ${id}`);
  printChange(io, answer.body.change);
  return EXIT.done;
};
