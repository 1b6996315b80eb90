import type { PublishRequest, PublishResponse } from '../../../gateway/src/registry/api';
import { EXIT, required, usageDays, type Command } from '../command';
import { emit, printChecks, printPending, refused } from '../report';
import { schemaSource } from '../schema-source';

/**
 * `subgraph publish --name <n> --url <routing url> --schema <file | url> --reason <text>
 * [--accept-breaking] [--accept-governance]`. With governance changes accepted it is proposed for
 * approval and not live (exit 0: the proposal is done).
 */
export const subgraphPublish: Command = {
  name: 'subgraph publish',
  args: '--name <n> --url <routing url> --schema <file | url> --reason <text> [--accept-breaking] [--accept-governance] [--usage-days <n>] [--strict]',
  summary: 'publish a subgraph (new, or a new version): checked, composed, live on every gateway',
  details: [
    'Refused (exit 1) when the checks fail, a change is breaking without --accept-breaking, or it changes',
    'governance without --accept-governance. With --accept-governance it is proposed for approval by someone',
    'else holding registry:approve, and NOT live until then. A breaking change nobody used in the last',
    '--usage-days (30) and no registered operation needs does not block, unless --strict.',
  ].join('\n'),
  options: ['name', 'url', 'schema', 'reason', 'accept-breaking', 'accept-governance', 'usage-days', 'strict'],
  async run(context) {
    const { io, client, values } = context;
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
    if (!answer.ok) return refused(context, `publish ${name}`, answer.error);
    const outcome = answer.body;
    emit(context, outcome, () => {
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
            printChecks((line) => io.out(line), name, { ...outcome.checks, composition: [], governance: [], brokenOperations: [], breaking: unused });
          }
          io.out(`published ${name} version ${outcome.subgraph.version} → supergraph version ${outcome.supergraph.version} (${outcome.supergraph.hash.slice(0, 12)})`);
        }
      }
    });
    return EXIT.done;
  },
};
