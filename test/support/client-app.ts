import { runCli } from '../../scripts/cli/run';
import type { GraphQLResponse, Stack } from './stack';

/** A request as a client app sends it: its name and version in Apollo's headers, any body (ids, extensions). */
export async function asClient(stack: Stack, client: string | null, token: string, body: Record<string, unknown>): Promise<GraphQLResponse & { headers: Headers }> {
  const response = await fetch(stack.gateway.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      ...(client ? { 'apollographql-client-name': client, 'apollographql-client-version': '1.0.0' } : {}),
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, ...((await response.json()) as object) };
}

/** Runs the `trellis` CLI in-process against the stack's gateway; its exit code and what it printed. */
export async function trellis(stack: Stack, args: string[], token: string): Promise<{ code: number; output: string }> {
  const lines: string[] = [];
  const code = await runCli([...args, '--gateway', stack.baseUrl], { out: (l) => lines.push(l), err: (l) => lines.push(l), gateway: stack.baseUrl, token: async () => token });
  return { code, output: lines.join('\n') };
}

/** This month, as showback names periods. */
export const thisMonth = () => new Date().toISOString().slice(0, 7);
