import type { PublishRequest, PublishResponse } from '../../../gateway/src/registry/api';
import { EXIT, required, type Command } from '../command';
import { emit, printPending, refused } from '../report';
import { schemaSource } from '../schema-source';

/**
 * `subgraph publish --name <n> --url <routing url> --schema <file | url> --reason <text>
 * [--accept-breaking] [--accept-governance]`. With governance changes accepted it is proposed for
 * approval and not live (exit 0: the proposal is done).
 */
export const subgraphPublish: Command = {
  name: 'subgraph publish',
  args: '--name <n> --url <routing url> --schema <file | url> --reason <text> [--accept-breaking] [--accept-governance]',
  summary: 'publish a subgraph (new, or a new version): checked, composed, live on every gateway',
  details: [
    'Refused (exit 1) when the checks fail, a change is breaking without --accept-breaking, or it changes',
    'governance without --accept-governance. With --accept-governance it is proposed for approval by someone',
    'else holding registry:approve, and NOT live until then.',
  ].join('\n'),
  options: ['name', 'url', 'schema', 'reason', 'accept-breaking', 'accept-governance'],
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
        case 'published':
          if (outcome.checks.breaking.length) io.out(`publish ${name}: breaking changes accepted: ${outcome.checks.breaking.map((b) => b.coordinate).join(', ')}`);
          io.out(`published ${name} version ${outcome.subgraph.version} → supergraph version ${outcome.supergraph.version} (${outcome.supergraph.hash.slice(0, 12)})`);
      }
    });
    return EXIT.done;
  },
};
