import type { PublishRequest, PublishResponse } from '../../../gateway/src/registry/api';
import { EXIT, exitFor, required, usageDays, type Command } from '../command';
import { printChecks, printPending, printRefusal } from '../report';
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
    usageDays: usageDays(values['usage-days']),
    strict: !!values.strict,
    ...(await schemaSource(required(values.schema, '--schema'))),
  };
  const answer = await client.post<PublishResponse>('/registry/publish', request);
  if (!answer.ok) {
    if (values.json) io.out(JSON.stringify({ errors: [answer.error] }, null, 2));
    else printRefusal(io, `publish ${name}`, answer.error);
    return exitFor(answer.error);
  }
  const outcome = answer.body;
  if (values.json) {
    io.out(JSON.stringify(outcome, null, 2));
    return EXIT.done;
  }
  switch (outcome.outcome) {
    case 'unchanged':
      io.out(`publish ${name}: unchanged (version ${outcome.subgraph.version}); supergraph version ${outcome.supergraph.version}`);
      break;
    case 'pending':
      printPending(io, `publish ${name}`, outcome.change);
      break;
    case 'published': {
      const unused = outcome.checks.breaking.filter((b) => b.blocking === false && !values['accept-breaking']);
      const accepted = outcome.checks.breaking.filter((b) => !unused.includes(b));
      if (accepted.length) io.out(`publish ${name}: breaking changes accepted: ${accepted.map((b) => b.coordinate).join(', ')}`);
      if (unused.length) {
        io.out(`publish ${name}: note — breaking changes nobody used and no registered operation needs (not blocking):`);
        printChecks(io, name, { ...outcome.checks, composition: [], governance: [], brokenOperations: [], breaking: unused });
      }
      io.out(`published ${name} version ${outcome.subgraph.version} → supergraph version ${outcome.supergraph.version} (${outcome.supergraph.hash.slice(0, 12)})`);
    }
  }
  return EXIT.done;
};
