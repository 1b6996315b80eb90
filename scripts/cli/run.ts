import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

/**
 * The `trellis` CLI for platform teams: check, publish, list, roll back — against the registry
 * behind any gateway. Exit codes a pipeline can use: 0 done, 1 refused (checks failed, breaking
 * change not accepted), 2 could not run (usage, connection, authentication).
 */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** The gateway's base URL, e.g. http://localhost:4000. */
  gateway: string;
  /** A bearer token with the platform role (or auditor, for reading). */
  token(): Promise<string>;
  /** Reads a subgraph's SDL from its running service (`_service { sdl }`). */
  introspect(url: string, name: string): Promise<string>;
}

export const USAGE = `usage: trellis <command> [options]

  subgraph check   --name <n> --schema <file | url> [--url <routing url>]
  subgraph publish --name <n> --url <routing url> --schema <file | url> --reason <text> [--accept-breaking]
  subgraph list
  subgraph history <n>
  subgraph remove  <n> --reason <text> [--accept-breaking]
  supergraph fetch [--out <file>]
  supergraph rollback <version> --reason <text>
  registry ledger  [--first <n>]

options: --gateway <url> (default http://localhost:4000)  --token <jwt> (or TRELLIS_TOKEN)`;

class UsageError extends Error {}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        name: { type: 'string' },
        schema: { type: 'string' },
        url: { type: 'string' },
        reason: { type: 'string' },
        'accept-breaking': { type: 'boolean' },
        out: { type: 'string' },
        first: { type: 'string' },
        gateway: { type: 'string' },
        token: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    io.err(`trellis: ${(error as Error).message}`);
    io.err(USAGE);
    return 2;
  }
  const { positionals, values } = parsed;
  if (values.help || positionals.length === 0) {
    io.out(USAGE);
    return values.help ? 0 : 2;
  }
  const base = (values.gateway ?? io.gateway).replace(/\/graphql\/?$/, '').replace(/\/$/, '');
  const need = (value: string | undefined, flag: string): string => {
    if (!value?.trim()) throw new UsageError(`${flag} is required`);
    return value;
  };

  const call = async (method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: any; text: string }> => {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${values.token ?? (await io.token())}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
    } catch (error) {
      throw new UsageError(`cannot reach the gateway at ${base}: ${(error as Error).message}`);
    }
    const text = await response.text();
    let json: any = null;
    try {
      json = JSON.parse(text);
    } catch {
      // not JSON (the supergraph SDL)
    }
    if (response.status === 401 || response.status === 403) throw new UsageError(json?.error?.message ?? `refused (HTTP ${response.status})`);
    return { status: response.status, json, text };
  };

  const loadSchema = async (source: string, name: string): Promise<string> => {
    if (/^https?:\/\//.test(source)) {
      try {
        return await io.introspect(source, name);
      } catch (error) {
        throw new UsageError(`cannot read the schema from ${source}: ${(error as Error).message}`);
      }
    }
    try {
      return await readFile(source, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read ${source}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  };

  const report = (name: string, r: { composition?: string[]; breaking?: { type: string; coordinate: string; description: string }[] }) => {
    for (const e of r.composition ?? []) io.out(`  ✘ ${e}`);
    for (const b of r.breaking ?? []) io.out(`  ✘ breaking ${b.type} ${b.coordinate}: ${b.description}`);
    if (!r.composition?.length && !r.breaking?.length) io.out(`  ✔ ${name} composes, passes the governance lint, and breaks nothing`);
  };

  try {
    const [group, command, arg] = positionals;
    switch (`${group} ${command}`) {
      case 'subgraph check': {
        const name = need(values.name, '--name');
        const sdl = await loadSchema(need(values.schema, '--schema'), name);
        const { status, json } = await call('POST', '/registry/check', { name, url: values.url, sdl });
        io.out(`check ${name}:`);
        report(name, json);
        return status === 200 ? 0 : 1;
      }
      case 'subgraph publish': {
        const name = need(values.name, '--name');
        const url = need(values.url, '--url');
        const reason = need(values.reason, '--reason');
        const sdl = await loadSchema(need(values.schema, '--schema'), name);
        const { json } = await call('POST', '/registry/publish', { name, url, sdl, reason, acceptBreaking: !!values['accept-breaking'] });
        if (json?.error) throw new UsageError(json.error.message);
        if (!json.ok) {
          io.out(`publish ${name}: refused — ${json.message}`);
          report(name, json.checks);
          return 1;
        }
        if (!json.changed) io.out(`publish ${name}: unchanged (version ${json.subgraphVersion}); supergraph version ${json.supergraph.version}`);
        else {
          if (json.checks.breaking.length) io.out(`publish ${name}: breaking changes accepted: ${json.checks.breaking.map((b: any) => b.coordinate).join(', ')}`);
          io.out(`published ${name} version ${json.subgraphVersion} → supergraph version ${json.supergraph.version} (${json.supergraph.hash.slice(0, 12)})`);
        }
        return 0;
      }
      case 'subgraph list': {
        const { json } = await call('GET', '/registry/subgraphs');
        for (const s of json.subgraphs) io.out(`${s.name.padEnd(16)} v${String(s.version).padEnd(4)} ${s.routingUrl.padEnd(40)} ${s.publishedAt} ${s.publishedBy}`);
        return 0;
      }
      case 'subgraph history': {
        const name = need(arg ?? values.name, '<name>');
        const { status, json } = await call('GET', `/registry/subgraphs/${encodeURIComponent(name)}`);
        if (status === 404) throw new UsageError(json.error.message);
        for (const v of json.versions) {
          io.out(`v${v.version} ${v.publishedAt} ${v.publishedBy}${v.removed ? ' REMOVED' : ''} ${v.routingUrl} — ${v.reason}${v.acceptedBreaking ? ` (accepted breaking: ${v.acceptedBreaking.map((b: any) => b.coordinate).join(', ')})` : ''}`);
        }
        return 0;
      }
      case 'subgraph remove': {
        const name = need(arg ?? values.name, '<name>');
        const { status, json } = await call('POST', '/registry/remove', { name, reason: need(values.reason, '--reason'), acceptBreaking: !!values['accept-breaking'] });
        if (status === 404) throw new UsageError(json.message ?? json.error?.message);
        if (!json.ok) {
          io.out(`remove ${name}: refused — ${json.message}`);
          report(name, json.checks);
          return 1;
        }
        io.out(`removed ${name} → supergraph version ${json.supergraph.version} (${json.supergraph.hash.slice(0, 12)})`);
        return 0;
      }
      case 'supergraph fetch': {
        const { status, text, json } = await call('GET', '/supergraph');
        if (status !== 200) throw new UsageError(json?.error?.message ?? `HTTP ${status}`);
        if (values.out) {
          const { writeFile } = await import('node:fs/promises');
          await writeFile(values.out, text);
          io.err(`wrote the supergraph to ${values.out}`);
        } else io.out(text);
        return 0;
      }
      case 'supergraph rollback': {
        const version = Number(need(arg, '<version>'));
        if (!Number.isInteger(version) || version < 1) throw new UsageError('<version> must be a supergraph version number');
        const { status, json } = await call('POST', '/registry/rollback', { version, reason: need(values.reason, '--reason') });
        if (status !== 200) throw new UsageError(json?.error?.message ?? `HTTP ${status}`);
        io.out(`rolled back to supergraph ${version}: now serving version ${json.supergraph.version} (${json.supergraph.hash.slice(0, 12)})`);
        return 0;
      }
      case 'registry ledger': {
        const { json } = await call('GET', `/registry/ledger?first=${Number(values.first ?? 50) || 50}`);
        for (const e of json.entries) io.out(`#${e.seq} ${e.occurredAt} ${e.actor.subject} ${e.action} ${e.subject.type}:${e.subject.id} — ${e.reason}`);
        io.out(json.verify.ok ? `chain verified: ${json.verify.checkedEntries} entries` : `CHAIN BROKEN at seq ${json.verify.firstBrokenSeq}`);
        return json.verify.ok ? 0 : 1;
      }
      default:
        throw new UsageError(`unknown command "${positionals.join(' ')}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`trellis: ${error.message}`);
      return 2;
    }
    throw error;
  }
}
