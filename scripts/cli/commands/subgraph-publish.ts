import type { PublishRequest, PublishResponse } from '../../../gateway/src/registry/api';
import { EXIT, exitFor, required, type Command } from '../command';
import { printPending, printRefusal } from '../report';
import { schemaSource } from '../schema-source';

/**
 * `subgraph publish --name <n> --url <routing url> --schema <file | url> --reason <text>
 * [--accept-breaking] [--accept-governance]`. With governance changes accepted it is proposed for
 * approval and not live (exit 0: the proposal is done).
 */
export const subgraphPublish: Command = async ({ io, client, values }) => {
  const name = required(values.name, '--name');
  const url = required(values.url, '--url');
  const reason = required(values.reason, '--reason');
  const request: PublishRequest = {
    name,
    url,
    reason,
    acceptBreaking: !!values['accept-breaking'],
    acceptGovernance: !!values['accept-governance'],
    ...(await schemaSource(required(values.schema, '--schema'))),
  };
  const answer = await client.post<PublishResponse>('/registry/publish', request);
  if (!answer.ok) {
    printRefusal(io, `publish ${name}`, answer.error);
    return exitFor(answer.error);
  }
  const outcome = answer.body;
  switch (outcome.outcome) {
    case 'unchanged':
      io.out(`publish ${name}: unchanged (version ${outcome.subgraph.version}); supergraph version ${outcome.supergraph.version}`);
      break;
    case 'pending':
      printPending(io, `publish ${name}`, outcome.change);
      break;
    case 'published':
      if (outcome.checks.breaking.length) io.out(`publish ${name}: breaking changes accepted: ${outcome.checks.breaking.map((b) => b.coordinate).join(', ')}`);
      io.out(`published ${name} version ${outcome.subgraph.version} → supergraph version ${outcome.supergraph.version} (${outcome.supergraph.hash.slice(0, 12)})`);
  }
  return EXIT.done;
};
