import type { GraphQLFormattedError } from 'graphql';
import { PLACEHOLDER, type Denial } from './authorize-operation';

type Data = Record<string, unknown> | null | undefined;

/**
 * Puts the denials into the response: `null` where each removed field (or the nearest nullable
 * position above it) would have been, an error per denial with its code at the field's path, and
 * no trace of the placeholders that kept emptied selection sets valid.
 */
export function applyDenials(
  result: { data?: Data; errors?: readonly GraphQLFormattedError[] },
  denials: readonly Denial[],
): { data?: Data; errors?: readonly GraphQLFormattedError[] } {
  let data = result.data;
  for (const denial of denials) {
    if (denial.nullPath.length === 0) data = null;
    else setNull(data, denial.nullPath, 0);
  }
  if (data) stripPlaceholders(data);
  const errors: GraphQLFormattedError[] = denials.map((d) => ({
    message: d.message,
    path: d.path,
    extensions: { code: d.code, coordinate: d.coordinate },
  }));
  return { ...result, data, errors: [...errors, ...(result.errors ?? [])] };
}

function setNull(node: unknown, path: readonly string[], i: number): void {
  if (node === null || typeof node !== 'object') return;
  const key = path[i]!;
  const last = i === path.length - 1;
  if (key === '@') {
    if (!Array.isArray(node)) return;
    node.forEach((element, index) => {
      if (last) node[index] = null;
      else setNull(element, path, i + 1);
    });
    return;
  }
  const object = node as Record<string, unknown>;
  if (last) object[key] = null;
  else setNull(object[key], path, i + 1);
}

function stripPlaceholders(node: unknown): void {
  if (Array.isArray(node)) node.forEach(stripPlaceholders);
  else if (node && typeof node === 'object') {
    const object = node as Record<string, unknown>;
    delete object[PLACEHOLDER];
    for (const value of Object.values(object)) stripPlaceholders(value);
  }
}
