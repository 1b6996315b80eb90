import type { CheckRequest, CheckResponse } from '../../../gateway/src/registry/api';
import { EXIT, exitFor, required, usageDays, type Command } from '../command';
import { printChecks, printRefusal } from '../report';
import { schemaSource } from '../schema-source';

/**
 * `subgraph check --name <n> --schema <file | url> [--url <routing url>] [--usage-days <n>] [--strict] [--json]`:
 * what a publish would do, each breaking change with who used it; changes nothing.
 */
export const subgraphCheck: Command = async ({ io, client, values }) => {
  const name = required(values.name, '--name');
  const request: CheckRequest = { name, url: values.url, usageDays: usageDays(values['usage-days']), strict: !!values.strict, ...(await schemaSource(required(values.schema, '--schema'))) };
  const answer = await client.post<CheckResponse>('/registry/check', request);
  if (!answer.ok) {
    if (values.json) io.out(JSON.stringify({ errors: [answer.error] }, null, 2));
    else printRefusal(io, `check ${name}`, answer.error);
    return exitFor(answer.error);
  }
  if (values.json) io.out(JSON.stringify(answer.body, null, 2));
  else {
    io.out(`check ${name}:`);
    printChecks(io, name, answer.body);
  }
  return answer.body.ok ? EXIT.done : EXIT.refused;
};
