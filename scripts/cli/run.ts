import { parseArgs } from 'node:util';
import { RegistryClient } from './client';
import { EXIT, UsageError, type CliIo, type Command, type ExitCode } from './command';
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
import { supergraphRollback } from './commands/supergraph-rollback';

export type { CliIo } from './command';

/**
 * The `trellis` CLI for platform teams: check, publish, list, roll back, approve — against the
 * registry behind any gateway. This file only reads the arguments and dispatches; each command is
 * its own file under `commands/`. Exit codes a pipeline can use: 0 done, 1 refused, 2 could not run.
 */
export const USAGE = `usage: trellis <command> [options]

  subgraph check   --name <n> --schema <file | url> [--url <routing url>] [--usage-days <n>] [--strict] [--json]
  subgraph publish --name <n> --url <routing url> --schema <file | url> --reason <text> [--accept-breaking] [--accept-governance]
                   [--usage-days <n>] [--strict] [--json]
  subgraph list
  subgraph history <n>
  subgraph fetch   <n> [--out <file>]
  subgraph remove  <n> --reason <text> [--accept-breaking] [--accept-governance]
  supergraph fetch [--out <file>]
  supergraph rollback <version> --reason <text> [--accept-governance]
  change list      [--status pending|approved|rejected|all]
  change approve   <id> --reason <text>
  change reject    <id> --reason <text>
  registry ledger  [--first <n>]
  client register  --name <app> --brand <slug> --manifest <file> [--persisted off|allow|require|inherit] [--reason <text>]
  client list

--schema <url>: the registry reads the schema from the running subgraph itself (allowlisted URLs only).
Usage-aware checks: each breaking change lists the client apps and operations that used it in the last
  --usage-days (default 30) and the registered operations it breaks; one nobody used and no registered
  operation needs is reported but does not block, unless --strict. Governance changes always block.
--accept-governance: a change that moves a routing URL, overrides another subgraph's field or weakens
  a governance rule is proposed for approval by someone else holding registry:approve; not live until then.

options: --gateway <url> (default http://localhost:4000)  --token <jwt> (or TRELLIS_TOKEN)`;

const COMMANDS: Record<string, Command> = {
  'subgraph check': subgraphCheck,
  'subgraph publish': subgraphPublish,
  'subgraph list': subgraphList,
  'subgraph history': subgraphHistory,
  'subgraph fetch': subgraphFetch,
  'subgraph remove': subgraphRemove,
  'supergraph fetch': supergraphFetch,
  'supergraph rollback': supergraphRollback,
  'change list': changeList,
  'change approve': changeApprove,
  'change reject': changeReject,
  'registry ledger': registryLedger,
  'client register': clientRegister,
  'client list': clientList,
};

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
        json: { type: 'boolean' },
        gateway: { type: 'string' },
        token: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    io.err(`trellis: ${(error as Error).message}`);
    io.err(USAGE);
    return EXIT.couldNotRun;
  }
  const { positionals, values } = parsed;
  if (values.help || positionals.length === 0) {
    io.out(USAGE);
    return values.help ? EXIT.done : EXIT.couldNotRun;
  }
  const [group, command, arg] = positionals;
  const run = COMMANDS[`${group} ${command}`];
  try {
    if (!run) throw new UsageError(`unknown command "${positionals.join(' ')}"`);
    const base = (values.gateway ?? io.gateway).replace(/\/graphql\/?$/, '').replace(/\/$/, '');
    const token = values.token;
    const client = new RegistryClient(base, token ? async () => token : io.token);
    return await run({ io, client, values, arg });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`trellis: ${error.message}`);
    return EXIT.couldNotRun;
  }
}
