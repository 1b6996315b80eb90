import { writeFile } from 'node:fs/promises';
import { EXIT, exitFor, type Command } from '../command';
import { printRefusal } from '../report';

/** `supergraph fetch [--out <file>]`: the supergraph in service. */
export const supergraphFetch: Command = async ({ io, client, values }) => {
  const answer = await client.text('/supergraph');
  if (!answer.ok) {
    printRefusal(io, 'supergraph fetch', answer.error);
    return exitFor(answer.error);
  }
  if (!values.out) io.out(answer.body);
  else {
    await writeFile(values.out, answer.body);
    io.err(`wrote the supergraph to ${values.out}`);
  }
  return EXIT.done;
};
