import { createHash } from 'node:crypto';
import { usageReportingSignature } from '@apollo/utils.usagereporting';
import {
  getNamedType,
  getOperationAST,
  isEnumType,
  isInputObjectType,
  Kind,
  Lexer,
  separateOperations,
  Source,
  TokenKind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';

/** What usage records about an operation, the same for every request that sends it. */
export interface OperationShape {
  /** SHA-256 (hex) of Apollo's usage-reporting signature: literals hidden, aliases and whitespace removed, sorted. */
  hash: string;
  /** The operation's name, '' when anonymous. */
  name: string;
  type: 'query' | 'mutation' | 'subscription';
  /**
   * The schema coordinates it uses, sorted: `Type.field` for every field selected, `Type.field(arg:)`
   * for every argument given, `Input.field` and `Enum.VALUE` for literals, and the bare name of
   * every input object or enum type a variable carries (what it holds is not seen).
   */
  coordinates: string[];
}

/** What stands for a value of each kind in a `literalFreeKey`. */
const PLACEHOLDERS: Partial<Record<TokenKind, string>> = {
  [TokenKind.STRING]: '\u0001s',
  [TokenKind.BLOCK_STRING]: '\u0001s',
  [TokenKind.INT]: '\u0001i',
  [TokenKind.FLOAT]: '\u0001f',
};
let lastSource: string | undefined;
let lastKey: string | undefined;

/**
 * A text's tokens with its string and number values left out (each replaced by its kind): two
 * operation texts with the same key differ only in those values, so their shapes (signature,
 * name, type, coordinates) are equal, and so is what validation says of everything but the values
 * (gateway/src/document-store.ts). One pass of the lexer, no syntax tree; the last text's key is
 * remembered, as the document store and usage ask for the same text one after the other.
 */
export function literalFreeKey(source: string): string | undefined {
  if (source === lastSource) return lastKey;
  const lexer = new Lexer(new Source(source));
  const parts: string[] = [];
  let key: string | undefined;
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      parts.push(PLACEHOLDERS[token.kind] ?? token.value ?? token.kind);
    }
    key = parts.join(' ');
  } catch {
    key = undefined;
  }
  lastSource = source;
  lastKey = key;
  return key;
}

/** The operation's identity: the hash of its signature, so `brand(slug: "a")` and `brand(slug: "b")` are one operation. */
export function operationHash(document: DocumentNode, operationName: string): string {
  return createHash('sha256').update(usageReportingSignature(document, operationName)).digest('hex');
}

/** The shape of the operation `operationName` picks out of `document`, read against the API schema; null if it picks none. */
export function analyzeOperation(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null): OperationShape | null {
  const operation = getOperationAST(document, operationName ?? undefined);
  if (!operation) return null;
  const name = operation.name?.value ?? '';
  // The operation and only the fragments it spreads.
  const own = name ? separateOperations(document)[name] ?? document : document;
  return { hash: operationHash(own, name), name, type: operation.operation, coordinates: schemaCoordinates(schema, own) };
}

export function schemaCoordinates(schema: GraphQLSchema, document: DocumentNode): string[] {
  const found = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        if (parent && !node.name.value.startsWith('__')) found.add(`${parent.name}.${node.name.value}`);
      },
      Argument(node) {
        const parent = typeInfo.getParentType();
        const field = typeInfo.getFieldDef();
        if (parent && field && typeInfo.getArgument()) found.add(`${parent.name}.${field.name}(${node.name.value}:)`);
      },
      ObjectField(node) {
        const parent = typeInfo.getParentInputType();
        const named = parent && getNamedType(parent);
        if (named && isInputObjectType(named)) found.add(`${named.name}.${node.name.value}`);
      },
      EnumValue(node) {
        const named = typeInfo.getInputType() && getNamedType(typeInfo.getInputType()!);
        if (named && isEnumType(named)) found.add(`${named.name}.${node.value}`);
      },
      VariableDefinition(node) {
        const named = typeInfo.getInputType() && getNamedType(typeInfo.getInputType()!);
        if (named && (isInputObjectType(named) || isEnumType(named))) found.add(named.name);
        return node.kind === Kind.VARIABLE_DEFINITION ? undefined : false;
      },
    }),
  );
  return [...found].sort();
}

/**
 * Whether an operation that uses `coordinates` is affected by a change at `changed` (a breaking
 * change's coordinate: `Type`, `Type.field`, or `Enum.VALUE`): it uses it, something under it,
 * or — for an input or enum type a variable carries — the type it belongs to.
 */
export function usesCoordinate(coordinates: readonly string[], changed: string): boolean {
  const owner = changed.split('.')[0]!;
  return coordinates.some((c) => c === changed || c.startsWith(`${changed}.`) || c.startsWith(`${changed}(`) || c === owner);
}
