import { writeFile } from 'node:fs/promises';
import { EXIT, exitFor, required, type Command } from '../command';
import { printRefusal } from '../report';

/** `subgraph fetch <n> [--out <file>]`: the schema a subgraph is served with, to edit and publish again. */
export const subgraphFetch: Command = async ({ io, client, values, arg }) => {
  const name = required(arg ?? values.name, '<name>');
  const answer = await client.text(`/registry/subgraphs/${encodeURIComponent(name)}/schema`);
  if (!answer.ok) {
    printRefusal(io, `subgraph fetch ${name}`, answer.error);
    return exitFor(answer.error);
  }
  if (!values.out) io.out(answer.body);
  else {
    await writeFile(values.out, answer.body);
    io.err(`wrote the schema of ${name} to ${values.out}`);
  }
  return EXIT.done;
};
