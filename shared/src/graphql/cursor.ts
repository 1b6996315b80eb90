import { badInput } from '../errors';

/** Opaque cursors: base64url of a prefixed sort key, so clients cannot depend on their shape. */
export function encodeCursor(kind: string, key: string): string {
  return Buffer.from(`${kind}:${key}`, 'utf8').toString('base64url');
}

export function decodeCursor(kind: string, cursor: string, argument = 'after'): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!decoded.startsWith(`${kind}:`)) throw badInput(argument, 'is not a cursor from this list; pass a pageInfo.endCursor you received.');
  return decoded.slice(kind.length + 1);
}

export function checkPageSize(first: number, max: number, argument = 'first'): void {
  if (!Number.isInteger(first) || first < 1 || first > max) throw badInput(argument, `must be between 1 and ${max}.`);
}
