import { Kind, parse, visit, type ArgumentNode, type DocumentNode, type ValueNode } from 'graphql';

/**
 * Where in a subgraph operation a value error points, as the argument path a caller recognises
 * (`day`, `input.validFrom`, `lines[2].quantity`). Subgraph errors carry a line and column in the
 * operation the gateway sent; the gateway keeps the caller's argument names and literals there.
 */
export function argumentPathAt(operation: string, line: number, column: number): string | null {
  const document = parseQuietly(operation);
  if (!document) return null;
  const offset = offsetOf(operation, line, column);
  let found: string | null = null;
  visit(document, {
    Argument(node: ArgumentNode) {
      if (found === null && contains(node.value, offset)) found = pathWithin(node.value, offset, node.name.value);
    },
    VariableDefinition(node) {
      if (found === null && node.defaultValue && contains(node.defaultValue, offset)) found = argumentPathOfVariable(document, node.variable.name.value);
    },
  });
  return found;
}

/** The argument path where a variable is used (its first use), e.g. `$d` in `nodeUtilisation(day: $d)` → `day`. */
export function argumentPathOfVariable(operationOrDocument: string | DocumentNode, variable: string): string | null {
  const document = typeof operationOrDocument === 'string' ? parseQuietly(operationOrDocument) : operationOrDocument;
  if (!document) return null;
  let found: string | null = null;
  visit(document, {
    Argument(node: ArgumentNode) {
      if (found === null) found = pathToVariable(node.value, variable, node.name.value);
    },
  });
  return found;
}

function parseQuietly(operation: string): DocumentNode | null {
  try {
    return parse(operation);
  } catch {
    return null;
  }
}

function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l += 1) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return offset + column - 1;
}

const contains = (node: ValueNode, offset: number) => !!node.loc && node.loc.start <= offset && offset < node.loc.end;

function pathWithin(node: ValueNode, offset: number, path: string): string {
  if (node.kind === Kind.LIST) {
    const i = node.values.findIndex((item) => contains(item, offset));
    return i < 0 ? path : pathWithin(node.values[i]!, offset, `${path}[${i}]`);
  }
  if (node.kind === Kind.OBJECT) {
    const field = node.fields.find((f) => contains(f.value, offset));
    return field ? pathWithin(field.value, offset, `${path}.${field.name.value}`) : path;
  }
  return path;
}

function pathToVariable(node: ValueNode, variable: string, path: string): string | null {
  if (node.kind === Kind.VARIABLE) return node.name.value === variable ? path : null;
  if (node.kind === Kind.LIST) {
    for (const [i, item] of node.values.entries()) {
      const found = pathToVariable(item, variable, `${path}[${i}]`);
      if (found) return found;
    }
  }
  if (node.kind === Kind.OBJECT) {
    for (const field of node.fields) {
      const found = pathToVariable(field.value, variable, `${path}.${field.name.value}`);
      if (found) return found;
    }
  }
  return null;
}
