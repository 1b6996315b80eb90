import type { ApiError } from '../../gateway/src/registry/api';
import type { RegistryClient } from './client';

/**
 * What every `trellis` command gets, and what it answers: an exit code a pipeline can use.
 * 0 done, 1 refused (checks failed, breaking or governance change not accepted, approval refused,
 * chain broken), 2 could not run (usage, connection, authentication, a missing scope).
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

export interface CommandContext {
  io: CliIo;
  client: RegistryClient;
  values: CliValues;
  /** The positional argument after the command, e.g. the subgraph of `subgraph history <n>`. */
  arg?: string;
}

export type Command = (context: CommandContext) => Promise<ExitCode>;

/** The command cannot run as asked: exit 2 with the message. */
export class UsageError extends Error {}

export function required(value: string | undefined, flag: string): string {
  if (!value?.trim()) throw new UsageError(`${flag} is required`);
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
