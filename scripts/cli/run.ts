import { parseArgs } from 'node:util';
import type { ErrorResponse } from '../../gateway/src/registry/api';
import type { ErrorCode } from '../../shared/src/errors';
import { RegistryClient } from './client';
import { ArgumentError, EXIT, UsageError, type CliIo, type CliValues, type Command, type CommandOption, type ExitCode } from './command';
import { changeApprove } from './commands/change-approve';
import { changeList } from './commands/change-list';
import { changeReject } from './commands/change-reject';
import { clientList } from './commands/client-list';
import { clientRegister } from './commands/client-register';
import { registryLedger } from './commands/registry-ledger';
import { subgraphCheck } from './commands/subgraph-check';
import { subgraphFetch } from './commands/subgraph-fetch';
import { subgraphHistory } from './commands/subgraph-history';
import { subgraphList } from './commands/subgraph-list';
import { subgraphPublish } from './commands/subgraph-publish';
import { subgraphRemove } from './commands/subgraph-remove';
import { supergraphFetch } from './commands/supergraph-fetch';
import { supergraphList } from './commands/supergraph-list';
import { supergraphRollback } from './commands/supergraph-rollback';

export type { CliIo } from './command';

/**
 * The `trellis` CLI for platform teams: check, publish, list, roll back, approve — against the
 * registry behind any gateway. This file only reads the arguments, answers --help and dispatches;
 * each command is its own file under `commands/`. Exit codes a pipeline can use: 0 done, 1 refused,
 * 2 could not run. Results on stdout, messages on stderr; `--json` for one JSON document.
 */
export const COMMANDS: readonly Command[] = [
  subgraphCheck,
  subgraphPublish,
  subgraphList,
  subgraphHistory,
  subgraphFetch,
  subgraphRemove,
  supergraphList,
  supergraphFetch,
  supergraphRollback,
  changeList,
  changeApprove,
  changeReject,
  registryLedger,
  clientRegister,
  clientList,
];

/** Commands of the `trellis` binary that work on the local installation rather than the registry (scripts/trellis.ts). */
export const LOCAL_COMMANDS: readonly { name: string; args: string; summary: string }[] = [
  { name: 'token', args: '--role <role> [--brand <slug>] [--ttl 8h] [--json]', summary: 'a caller token signed for this installation (development)' },
  { name: 'audit export', args: '[--brand <slug>] [--from <date>] [--to <date>] [--out <file>]', summary: 'the three ledgers as JSON lines, each chain verified' },
  { name: 'keys', args: '--out <dir> [--previous <dir>] [--local-postgres]', summary: 'signing keys and secrets for a deployment, as env files for Kubernetes Secrets' },
  { name: 'gateway', args: '--supergraph <file> [--strict] [--port <n>]', summary: 'the Trellis gateway on a supergraph file (any Federation 2 supergraph) instead of the registry' },
];

const GLOBAL_OPTIONS = `options of every registry command:
  --gateway <url>  the gateway (default http://localhost:4000, or GATEWAY_PORT)
  --token <jwt>    bearer token (default TRELLIS_TOKEN, else a platform token minted for the local installation)
  --json           one JSON document on stdout: the registry API's answer, or { "errors": [...] } when refused
  -h, --help       help; \`trellis <command> --help\` for one command

Results go to stdout, messages to stderr. Exit codes: 0 done, 1 refused, 2 could not run.`;

const NOTES = `--schema <url>: the registry reads the schema from the running subgraph itself (allowlisted URLs only).
--accept-governance: a change that moves a routing URL, overrides another subgraph's field or weakens
  a governance rule is proposed for approval by someone else holding registry:approve; not live until then.`;

const column = (name: string) => name.padEnd(20);

/** The whole usage, or that of one group (`subgraph`, `supergraph`, `change`, `registry`). */
export function usage(group?: string): string {
  const commands = COMMANDS.filter((c) => !group || c.name.startsWith(`${group} `));
  const lines = ['usage: trellis <command> [options]', '', group ? `${group} commands:` : 'the registry, through any gateway:'];
  for (const c of commands) lines.push(`  ${column(c.name)}${c.args}`.trimEnd(), `      ${c.summary}`);
  if (!group) {
    lines.push('', 'the local installation:');
    for (const c of LOCAL_COMMANDS) lines.push(`  ${column(c.name)}${c.args}`, `      ${c.summary}`);
  }
  lines.push('', GLOBAL_OPTIONS);
  if (!group || group === 'subgraph') lines.push('', NOTES);
  return lines.join('\n');
}

function commandHelp(command: Command): string {
  return [
    `usage: trellis ${command.name}${command.args ? ` ${command.args}` : ''} [--gateway <url>] [--token <jwt>] [--json]`,
    '',
    `${command.summary[0]!.toUpperCase()}${command.summary.slice(1)}.`,
    ...(command.details ? ['', command.details] : []),
    '',
    GLOBAL_OPTIONS,
  ].join('\n');
}

/** --help --json: the commands as data. */
function helpDocument(commands: readonly Command[]) {
  return {
    commands: commands.map((c) => ({ name: c.name, usage: `trellis ${c.name}${c.args ? ` ${c.args}` : ''}`, summary: c.summary, options: c.options })),
    ...(commands.length === COMMANDS.length ? { local: LOCAL_COMMANDS.map((c) => ({ ...c, usage: `trellis ${c.name} ${c.args}` })) } : {}),
    exitCodes: EXIT,
  };
}

const GROUPS = new Set(COMMANDS.map((c) => c.name.split(' ')[0]!));
const GLOBAL_FLAGS = new Set(['gateway', 'token', 'json', 'help']);

/** Runs one command line; never throws for anything the user did (exit 2 with a message instead). */
export async function runCli(argv: string[], io: CliIo): Promise<ExitCode> {
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
        'accept-governance': { type: 'boolean' },
        out: { type: 'string' },
        first: { type: 'string' },
        status: { type: 'string' },
        brand: { type: 'string' },
        manifest: { type: 'string' },
        persisted: { type: 'string' },
        strict: { type: 'boolean' },
        'usage-days': { type: 'string' },
        gateway: { type: 'string' },
        token: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return couldNotRun(io, argv.includes('--json'), (error as Error).message, usage());
  }
  const { values } = parsed;
  const json = !!values.json;
  let positionals = parsed.positionals;
  let help = !!values.help;
  if (positionals[0] === 'help') {
    help = true;
    positionals = positionals.slice(1);
  }
  const [group, name, arg, ...extra] = positionals;
  const command = COMMANDS.find((c) => c.name === `${group} ${name}`);

  if (help) {
    if (command) io.out(json ? JSON.stringify(helpDocument([command])) : commandHelp(command));
    else if (group && GROUPS.has(group) && name === undefined) io.out(json ? JSON.stringify(helpDocument(COMMANDS.filter((c) => c.name.startsWith(`${group} `)))) : usage(group));
    else if (group) return couldNotRun(io, json, `unknown command "${positionals.join(' ')}"`, usage(GROUPS.has(group) ? group : undefined));
    else io.out(json ? JSON.stringify(helpDocument(COMMANDS)) : usage());
    return EXIT.done;
  }
  if (!group) return couldNotRun(io, json, 'name a command', usage());
  if (!command) return couldNotRun(io, json, `unknown command "${positionals.join(' ')}"`, usage(GROUPS.has(group) ? group : undefined));

  try {
    const unexpected = command.positional ? extra : [arg, ...extra].filter((a) => a !== undefined);
    if (unexpected.length) throw new ArgumentError(`unexpected argument "${unexpected.join(' ')}"`);
    const stray = Object.keys(values).filter((flag) => !GLOBAL_FLAGS.has(flag) && !command.options.includes(flag as CommandOption));
    if (stray.length) throw new ArgumentError(`${command.name} takes no ${stray.map((f) => `--${f}`).join(', ')}`);
    const base = (values.gateway ?? io.gateway).replace(/\/graphql\/?$/, '').replace(/\/$/, '');
    const token = values.token;
    const client = new RegistryClient(base, token ? async () => token : io.token);
    return await command.run({ io, client, values: values as CliValues, arg, json });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const hint = error instanceof ArgumentError ? `usage: trellis ${[command.name, command.args].filter(Boolean).join(' ')}\n(trellis ${command.name} --help for more)` : undefined;
    return couldNotRun(io, json, error.message, hint, error.code);
  }
}

/** Exit 2: the message (and a usage hint) on stderr; with --json also the error on stdout. */
function couldNotRun(io: CliIo, json: boolean, message: string, hint?: string, code: ErrorCode = 'BAD_USER_INPUT'): ExitCode {
  if (json) io.out(JSON.stringify({ errors: [{ message, extensions: { code } }] } satisfies ErrorResponse));
  io.err(`trellis: ${message}`);
  if (hint) io.err(hint);
  return EXIT.couldNotRun;
}
