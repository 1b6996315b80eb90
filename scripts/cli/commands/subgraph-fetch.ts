import { writeFile } from 'node:fs/promises';
import { EXIT, required, type Command } from '../command';
import { refused } from '../report';

/** `subgraph fetch <n> [--out <file>]`: the schema a subgraph is served with, to edit and publish again. */
export const subgraphFetch: Command = {
  name: 'subgraph fetch',
  args: '<n> [--out <file>]',
  summary: 'the schema (SDL) a subgraph is served with, to edit and publish again',
  details: 'With --json: { "name", "version", "sdl" }.',
  options: ['out', 'name'],
  positional: 'optional',
  async run(context) {
    const { io, client, values, arg, json } = context;
    const name = required(arg ?? values.name, '<name>');
    const answer = await client.text(`/registry/subgraphs/${encodeURIComponent(name)}/schema`);
    if (!answer.ok) return refused(context, `subgraph fetch ${name}`, answer.error);
    const version = Number(answer.headers.get('x-trellis-subgraph-version')) || null;
    const output = json ? JSON.stringify({ name, version, sdl: answer.body }) : answer.body;
    if (!values.out) io.out(output);
    else {
      await writeFile(values.out, output);
      io.err(`wrote the schema of ${name} to ${values.out}`);
    }
    return EXIT.done;
  },
};
