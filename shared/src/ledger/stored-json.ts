import { describeUnstorable, findUnstorableCharacter } from '../text/storable-text';

/** Deeper than this is refused: no ledger value needs it, and PostgreSQL's JSON parser has a stack limit. */
export const MAX_JSON_DEPTH = 64;

export type StoredJson = { ok: true; value: unknown } | { ok: false; path: string; message: string };

/**
 * A value exactly as a `jsonb` column gives it back, so that a hash computed now is the hash anyone
 * recomputes from the stored row later — or the first part of it that cannot make the trip.
 *
 * It follows `JSON.stringify` (`toJSON`, so dates become ISO strings; `undefined`, functions and
 * symbols dropped from objects and null in arrays; boxed primitives unboxed; `-0` is `0`), then
 * refuses what JSON or PostgreSQL would change or reject: NaN and ±Infinity (JSON would say
 * `null`), BigInt, strings and keys with NUL or lone surrogates, and nesting deeper than
 * {@link MAX_JSON_DEPTH}. Numbers need nothing more: jsonb keeps them as exact decimals, and the
 * shortest decimal of a double reads back as the same double.
 */
export function toStoredJson(value: unknown, path: string): StoredJson {
  try {
    return { ok: true, value: normalise(value, '', path, 0) ?? null };
  } catch (error) {
    if (error instanceof Unstorable) return { ok: false, path: error.path, message: error.message };
    throw error;
  }
}

class Unstorable extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

const DROPPED = undefined;

function normalise(input: unknown, key: string, path: string, depth: number): unknown {
  let value = input;
  if (value !== null && (typeof value === 'object' || typeof value === 'bigint') && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON(key: string): unknown }).toJSON(key);
  }
  if (value instanceof Number || value instanceof String || value instanceof Boolean) value = value.valueOf();
  switch (typeof value) {
    case 'undefined':
    case 'function':
    case 'symbol':
      return DROPPED;
    case 'boolean':
      return value;
    case 'bigint':
      throw new Unstorable(path, 'is a BigInt, which JSON cannot hold; pass a number or a string.');
    case 'number':
      if (!Number.isFinite(value)) throw new Unstorable(path, `is ${value}, which JSON cannot hold (it would be stored as null); pass a finite number.`);
      return value === 0 ? 0 : value;
    case 'string': {
      const bad = findUnstorableCharacter(value);
      if (bad) throw new Unstorable(path, describeUnstorable(bad));
      return value;
    }
  }
  if (value === null) return null;
  if (depth >= MAX_JSON_DEPTH) throw new Unstorable(path, `nests deeper than ${MAX_JSON_DEPTH} levels; flatten it.`);
  if (Array.isArray(value)) {
    return value.map((item, i) => normalise(item, String(i), `${path}[${i}]`, depth + 1) ?? null);
  }
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value as object)) {
    const bad = findUnstorableCharacter(k);
    if (bad) throw new Unstorable(path, `has a key that ${describeUnstorable(bad)}`);
    const item = normalise((value as Record<string, unknown>)[k], k, `${path}.${k}`, depth + 1);
    // defineProperty, not assignment: a key named "__proto__" must stay a key, as JSON.parse makes it.
    if (item !== DROPPED) Object.defineProperty(out, k, { value: item, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
