import { badInput } from '../../../../shared/src/errors';
import { requireReason } from '../../../../shared/src/ledger/ledger';
import { describeUnstorable, findUnstorableCharacter } from '../../../../shared/src/text/storable-text';
import { isUuid } from '../../../../shared/src/errors';

/**
 * Reading the registry API's JSON bodies into the types of `api.ts`. Anything malformed is refused
 * with BAD_USER_INPUT (or REASON_REQUIRED) naming the field, before an operation runs.
 */

export type Body = Record<string, unknown>;

export function bodyOf(value: unknown): Body {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw badInput('body', 'send a JSON object');
  return value as Body;
}

/** Text PostgreSQL gives back unchanged (an SDL may carry NUL in a comment). */
export function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || !value.trim()) throw badInput(field, 'is required');
  const bad = findUnstorableCharacter(value);
  if (bad) throw badInput(field, `"${field}" ${describeUnstorable(bad)}`);
  return value;
}

export function optionalText(value: unknown, field: string): string | undefined {
  return value === undefined || value === null ? undefined : text(value, field);
}

export const reasonOf = (body: Body): string => requireReason(text(body.reason, 'reason'));

/** `true` only when sent as JSON `true`. */
export const flag = (value: unknown): boolean => value === true;

export function versionOf(value: unknown): number {
  const version = Number(value);
  if (!Number.isInteger(version) || version < 1 || version > 2_147_483_647) throw badInput('version', 'must be a supergraph version number');
  return version;
}

export function changeIdOf(value: unknown): string {
  if (typeof value !== 'string' || !isUuid(value)) throw badInput('id', 'must be a registry change id (a UUID)');
  return value.toLowerCase();
}

/** Exactly one of `sdl` (the schema) and `schemaUrl` (where the registry reads it). */
export function schemaSourceOf(body: Body): { sdl: string } | { schemaUrl: string } {
  const sdl = optionalText(body.sdl, 'sdl');
  const schemaUrl = optionalText(body.schemaUrl, 'schemaUrl');
  if ((sdl === undefined) === (schemaUrl === undefined)) throw badInput('sdl', 'send either "sdl" (the schema) or "schemaUrl" (a running subgraph to read it from)');
  return sdl !== undefined ? { sdl } : { schemaUrl: schemaUrl! };
}

/** Usage-aware checks: `usageDays` (1–400) and `strict`, both optional. */
export function usageOptionsOf(body: Body): { usageDays?: number; strict?: boolean } {
  const days = body.usageDays;
  if (days !== undefined && days !== null && (!Number.isInteger(days) || (days as number) < 1 || (days as number) > 400)) throw badInput('usageDays', 'must be a whole number of days, 1–400');
  return { usageDays: (days as number | null | undefined) ?? undefined, strict: flag(body.strict) };
}
