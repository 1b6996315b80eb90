import type { CheckRequest, CheckResponse } from '../../../gateway/src/registry/api';
import { EXIT, exitFor, required, type Command } from '../command';
import { printChecks, printRefusal } from '../report';
import { schemaSource } from '../schema-source';

/** `subgraph check --name <n> --schema <file | url> [--url <routing url>]`: what a publish would do; changes nothing. */
export const subgraphCheck: Command = async ({ io, client, values }) => {
  const name = required(values.name, '--name');
  const request: CheckRequest = { name, url: values.url, ...(await schemaSource(required(values.schema, '--schema'))) };
  const answer = await client.post<CheckResponse>('/registry/check', request);
  if (!answer.ok) {
    printRefusal(io, `check ${name}`, answer.error);
    return exitFor(answer.error);
  }
  io.out(`check ${name}:`);
  printChecks(io, name, answer.body);
  return answer.body.ok ? EXIT.done : EXIT.refused;
};
