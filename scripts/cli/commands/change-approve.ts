import type { ApproveResponse, DecideChangeRequest } from '../../../gateway/src/registry/api';
import { EXIT, required, type Command } from '../command';
import { emit, printChange, refused } from '../report';

/**
 * `change approve <id> --reason <text>`: the checks run again against what is live, and it goes
 * live only if they pass; the proposer cannot approve their own change.
 */
export const changeApprove: Command = {
  name: 'change approve',
  args: '<id> --reason <text>',
  summary: 'approve a pending change: its checks run again, then it goes live',
  details: 'Needs registry:approve, and someone other than the proposer. Exit 1 when the approval is refused.',
  options: ['reason'],
  positional: 'required',
  async run(context) {
    const { io, client, values, arg } = context;
    const id = required(arg, '<id>');
    const request: DecideChangeRequest = { reason: required(values.reason, '--reason') };
    const answer = await client.post<ApproveResponse>(`/registry/changes/${encodeURIComponent(id)}/approve`, request);
    if (!answer.ok) return refused(context, `approve ${id}`, answer.error);
    emit(context, answer.body, () => {
      io.out(`approved ${id} → supergraph version ${answer.body.supergraph.version} (${answer.body.supergraph.hash.slice(0, 12)})`);
      printChange(io, answer.body.change);
    });
    return EXIT.done;
  },
};
