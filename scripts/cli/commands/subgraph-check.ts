import type { CheckRequest, CheckResponse } from '../../../gateway/src/registry/api';
import { EXIT, required, usageDays, type Command } from '../command';
import { emit, printChecks, refused } from '../report';
import { schemaSource } from '../schema-source';

/** `subgraph check --name <n> --schema <file | url> [--url <routing url>]`: what a publish would do; changes nothing. */
export const subgraphCheck: Command = {
  name: 'subgraph check',
  args: '--name <n> --schema <file | url> [--url <routing url>] [--usage-days <n>] [--strict]',
  summary: 'what a publish would do: composition, governance lint, breaking and governance changes; changes nothing',
  details:
    'Each breaking change lists the client apps and operations that used it in the last --usage-days (30) and the registered operations it breaks; ' +
    'one nobody used and no registered operation needs is reported but does not block, unless --strict. Governance changes always block. Exit 1 when any check fails.',
  options: ['name', 'schema', 'url', 'usage-days', 'strict'],
  async run(context) {
    const { io, client, values } = context;
    const name = required(values.name, '--name');
    const request: CheckRequest = {
      name,
      url: values.url,
      usageDays: usageDays(values['usage-days']),
      strict: !!values.strict,
      ...(await schemaSource(required(values.schema, '--schema'))),
    };
    const answer = await client.post<CheckResponse>('/registry/check', request);
    if (!answer.ok) return refused(context, `check ${name}`, answer.error);
    emit(context, answer.body, () => {
      io.out(`check ${name}:`);
      printChecks((line) => io.out(line), name, answer.body);
    });
    return answer.body.ok ? EXIT.done : EXIT.refused;
  },
};
