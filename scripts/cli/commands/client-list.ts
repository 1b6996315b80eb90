import type { ClientListResponse } from '../../../gateway/src/registry/api';
import { EXIT, type Command } from '../command';
import { emit, refused } from '../report';

/** `client list`: the client apps registered, with their brand, setting and number of operations. */
export const clientList: Command = {
  name: 'client list',
  args: '',
  summary: 'the client apps registered, with their brand, persisted-operations setting and operations',
  options: [],
  async run(context) {
    const answer = await context.client.get<ClientListResponse>('/registry/clients');
    if (!answer.ok) return refused(context, 'client list', answer.error);
    emit(context, answer.body, () => {
      for (const c of answer.body.clients) context.io.out(`${c.name} ${c.brand} ${c.persistedOperations ?? 'inherit'} ${c.operations} operation(s), updated ${c.updatedAt}`);
    });
    return EXIT.done;
  },
};
