import { badInput } from '../errors';
import { findUnstorableCharacter } from '../text/storable-text';

/** Opaque cursors: base64url of a prefixed sort key, so clients cannot depend on their shape. */
export function encodeCursor(kind: string, key: string): string {
  return Buffer.from(`${kind}:${key}`, 'utf8').toString('base64url');
}

/**
 * The sort key inside a cursor of `kind`. Cursors come from callers, so the key is checked before
 * it reaches SQL: it must be storable text (a forged cursor can decode to anything, NUL included)
 * and, when `isKey` is given, of the list's key type — otherwise BAD_USER_INPUT naming `argument`.
 */
export function decodeCursor(kind: string, cursor: string, argument = 'after', isKey: (key: string) => boolean = () => true): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const key = decoded.slice(kind.length + 1);
  if (!decoded.startsWith(`${kind}:`) || findUnstorableCharacter(key) || !isKey(key)) {
    throw badInput(argument, 'is not a cursor from this list; pass a pageInfo.endCursor you received.');
  }
  return key;
}

/** A cursor key that is a position in a sequence (1, 2, 3 …), small enough for a `bigint` and a JavaScript number. */
export const isSequenceKey = (key: string): boolean => /^[1-9][0-9]{0,14}$/.test(key);

export function checkPageSize(first: number, max: number, argument = 'first'): void {
  if (!Number.isInteger(first) || first < 1 || first > max) throw badInput(argument, `must be between 1 and ${max}.`);
}
