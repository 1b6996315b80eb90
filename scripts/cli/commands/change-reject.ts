import type { DecideChangeRequest, RejectResponse } from '../../../gateway/src/registry/api';
import { EXIT, required, type Command } from '../command';
import { emit, printChange, refused } from '../report';

/** `change reject <id> --reason <text>`: nothing goes live. */
export const changeReject: Command = {
  name: 'change reject',
  args: '<id> --reason <text>',
  summary: 'reject a pending change: nothing goes live',
  details: 'Needs registry:approve, or to be the proposer (withdrawing it).',
  options: ['reason'],
  positional: 'required',
  async run(context) {
    const { io, client, values, arg } = context;
    const id = required(arg, '<id>');
    const request: DecideChangeRequest = { reason: required(values.reason, '--reason') };
    const answer = await client.post<RejectResponse>(`/registry/changes/${encodeURIComponent(id)}/reject`, request);
    if (!answer.ok) return refused(context, `reject ${id}`, answer.error);
    emit(context, answer.body, () => {
      io.out(`rejected ${id}`);
      printChange(io, answer.body.change);
    });
    return EXIT.done;
  },
};
