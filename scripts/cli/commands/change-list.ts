import type { ChangeListResponse } from '../../../gateway/src/registry/api';
import { ArgumentError, EXIT, type Command } from '../command';
import { emit, printChange, refused } from '../report';

const STATUSES = ['pending', 'approved', 'rejected', 'all'];

/** `change list [--status pending|approved|rejected|all]`: changes proposed for approval, pending ones by default. */
export const changeList: Command = {
  name: 'change list',
  args: '[--status pending|approved|rejected|all]',
  summary: 'changes proposed for approval (pending ones unless --status says otherwise)',
  options: ['status'],
  async run(context) {
    const { io, client, values } = context;
    const wanted = (values.status ?? 'pending').toLowerCase();
    if (!STATUSES.includes(wanted)) throw new ArgumentError(`--status must be one of ${STATUSES.join(', ')}, not "${values.status}"`);
    const answer = await client.get<ChangeListResponse>(`/registry/changes?status=${encodeURIComponent(wanted.toUpperCase())}`);
    if (!answer.ok) return refused(context, 'change list', answer.error);
    emit(context, answer.body, () => {
      if (answer.body.changes.length === 0) io.err('no changes');
      for (const change of answer.body.changes) printChange(io, change);
    });
    return EXIT.done;
  },
};
