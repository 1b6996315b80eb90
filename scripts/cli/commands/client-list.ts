import type { ClientListResponse } from '../../../gateway/src/registry/api';
import { EXIT, exitFor, type Command } from '../command';
import { printRefusal } from '../report';

/** `client list`: the client apps registered, with their brand, setting and number of operations. */
export const clientList: Command = async ({ io, client, values }) => {
  const answer = await client.get<ClientListResponse>('/registry/clients');
  if (!answer.ok) {
    printRefusal(io, 'client list', answer.error);
    return exitFor(answer.error);
  }
  if (values.json) io.out(JSON.stringify(answer.body, null, 2));
  else for (const c of answer.body.clients) io.out(`${c.name} ${c.brand} ${c.persistedOperations ?? 'inherit'} ${c.operations} operation(s), updated ${c.updatedAt}`);
  return EXIT.done;
};
