import type { ApiError } from '../../gateway/src/registry/api';
import type { ErrorCode } from '../../shared/src/errors';
import type { RegistryClient } from './client';

/**
 * What every `trellis` command gets, and what it answers: an exit code a pipeline can use.
 * 0 done, 1 refused (checks failed, breaking or governance change not accepted, approval refused,
 * chain broken), 2 could not run (usage, connection, authentication, a missing scope).
 *
 * Output: what the command produces (a listing, a schema, an outcome) goes to `out` (stdout);
 * refusals, errors and hints go to `err` (stderr). With `--json`, `out` gets exactly one JSON
 * document: the registry API's answer (`gateway/src/registry/api.ts`), or `{ "errors": [...] }` in
 * GraphQL's shape when the command was refused or could not run.
 */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** The gateway's base URL, e.g. http://localhost:4000. */
  gateway: string;
  /** A bearer token with the platform role (or auditor, for reading; governance-approver, to approve). */
  token(): Promise<string>;
}

export const EXIT = { done: 0, refused: 1, couldNotRun: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export interface CliValues {
  name?: string;
  schema?: string;
  url?: string;
  reason?: string;
  'accept-breaking'?: boolean;
  'accept-governance'?: boolean;
  out?: string;
  first?: string;
  status?: string;
  brand?: string;
  manifest?: string;
  persisted?: string;
  strict?: boolean;
  'usage-days'?: string;
  json?: boolean;
}

/** The options a command may take (beyond the global --gateway, --token, --json, --help). */
export type CommandOption = keyof CliValues;

export interface CommandContext {
  io: CliIo;
  client: RegistryClient;
  values: CliValues;
  /** The positional argument after the command, e.g. the subgraph of `subgraph history <n>`. */
  arg?: string;
  /** `--json`: one JSON document on stdout instead of lines for people. */
  json: boolean;
}

/** One `trellis <group> <command>`: what it is called, how it is used, and what it does. */
export interface Command {
  /** e.g. `subgraph publish` */
  name: string;
  /** The arguments after the name, as the usage line shows them. */
  args: string;
  /** One line for the command list. */
  summary: string;
  /** More for `trellis <command> --help`, if any. */
  details?: string;
  /** The options it accepts; any other is a usage error. */
  options: readonly CommandOption[];
  /** Whether it takes a positional argument after its name (`<n>`, `<id>`, `<version>`). */
  positional?: 'required' | 'optional';
  run(context: CommandContext): Promise<ExitCode>;
}

/** The command cannot run as asked: exit 2 with the message (and, with --json, the code). */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly code: ErrorCode = 'BAD_USER_INPUT',
  ) {
    super(message);
  }
}

/** The arguments are wrong: exit 2 with the message and the command's usage. */
export class ArgumentError extends UsageError {}

export function required(value: string | undefined, flag: string): string {
  if (!value?.trim()) throw new ArgumentError(`${flag} is required`);
  return value;
}

/** Codes that mean "the registry said no" (exit 1); anything else means the command could not run (exit 2). */
const REFUSALS = new Set<string>([
  'CHECKS_FAILED',
  'BREAKING_CHANGE',
  'GOVERNANCE_CHANGE',
  'ROUTING_URL_NOT_ALLOWED',
  'SEPARATION_OF_DUTIES',
  'CHANGE_NOT_PENDING',
  'CHANGE_OUTDATED',
  'FORBIDDEN_BRAND',
]);

/** `--usage-days <n>`: whole days, 1–400. */
export function usageDays(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1 || days > 400) throw new UsageError('--usage-days must be a whole number of days, 1–400');
  return days;
}

export const exitFor = (error: ApiError): ExitCode => (REFUSALS.has(error.extensions.code) ? EXIT.refused : EXIT.couldNotRun);

/** `--first <n>`: a whole number from 1, or undefined when not given. */
export function firstOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new ArgumentError(`--first must be a whole number from 1, not "${value}"`);
  return n;
}
