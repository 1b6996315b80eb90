import type { ChangeListResponse } from '../../../gateway/src/registry/api';
import { EXIT, exitFor, type Command } from '../command';
import { printChange, printRefusal } from '../report';

/** `change list [--status pending|approved|rejected|all]`: changes proposed for approval, pending ones by default. */
export const changeList: Command = async ({ io, client, values }) => {
  const status = encodeURIComponent((values.status ?? 'pending').toUpperCase());
  const answer = await client.get<ChangeListResponse>(`/registry/changes?status=${status}`);
  if (!answer.ok) {
    printRefusal(io, 'change list', answer.error);
    return exitFor(answer.error);
  }
  if (answer.body.changes.length === 0) io.out('no changes');
  for (const change of answer.body.changes) printChange(io, change);
  return EXIT.done;
};
