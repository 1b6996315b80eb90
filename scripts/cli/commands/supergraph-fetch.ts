import { writeFile } from 'node:fs/promises';
import { EXIT, type Command } from '../command';
import { refused } from '../report';

/** `supergraph fetch [--out <file>]`: the supergraph in service. */
export const supergraphFetch: Command = {
  name: 'supergraph fetch',
  args: '[--out <file>]',
  summary: 'the supergraph in service (SDL), e.g. for `trellis gateway --supergraph` or a router',
  details: 'With --json: { "version", "etag", "sdl" }.',
  options: ['out'],
  async run(context) {
    const { io, client, values, json } = context;
    const answer = await client.text('/supergraph');
    if (!answer.ok) return refused(context, 'supergraph fetch', answer.error);
    const version = Number(answer.headers.get('x-trellis-supergraph-version')) || null;
    const output = json ? JSON.stringify({ version, etag: answer.headers.get('etag'), sdl: answer.body }) : answer.body;
    if (!values.out) io.out(output);
    else {
      await writeFile(values.out, output);
      io.err(`wrote the supergraph${version ? ` (version ${version})` : ''} to ${values.out}`);
    }
    return EXIT.done;
  },
};
