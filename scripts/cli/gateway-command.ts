import { parseArgs } from 'node:util';

export const GATEWAY_USAGE = `usage: trellis gateway --supergraph <file> [--strict] [--port <n>]

Runs the Trellis gateway — authentication, operation limits and cost, governance, signed subgraph
fetches — on a supergraph file (any Federation 2 supergraph) instead of the registry. The file is
watched: a new version is served without a restart. The governance lint is reported as warnings;
--strict refuses a supergraph that fails it. The gateway's other settings come from the environment.`;

/**
 * `trellis gateway --supergraph <file>`: a long-running process, unlike the registry commands.
 * Returns the options to run it with, or a usage error.
 */
export function gatewayCommand(argv: string[]): { ok: true; options: { supergraphFile: string; strict: boolean; port?: number } } | { ok: false; message: string; help?: boolean } {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { supergraph: { type: 'string' }, strict: { type: 'boolean' }, port: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  if (values.help) return { ok: false, message: GATEWAY_USAGE, help: true };
  if (!values.supergraph) return { ok: false, message: '--supergraph <file> is required' };
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) return { ok: false, message: `--port must be a port number, not "${values.port}"` };
  return { ok: true, options: { supergraphFile: values.supergraph, strict: !!values.strict, port } };
}
