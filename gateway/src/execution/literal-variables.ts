import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isSpecifiedScalarType,
  Kind,
  parseType,
  print,
  TypeInfo,
  valueFromASTUntyped,
  visit,
  visitWithTypeInfo,
  type ArgumentNode,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValueNode,
  type VariableDefinitionNode,
} from 'graphql';

/**
 * An operation with its literal field arguments as variables. Clients that write values into the
 * operation text (`routeOrder(input: { orderRef: "A-1", … })`) send a new text for every call:
 * planned as they come, each would be planned anew. Planned in this form, every call of the same
 * shape shares one plan, and subgraphs receive one operation text with the values as variables
 * (which they parse and validate once).
 *
 * Only field arguments whose value holds no variable are lifted; directive arguments (`@skip`,
 * `@include`) stay, as the plan may depend on them. Arguments that hold a custom scalar (a `Date`,
 * a `JSON`) stay too: the gateway does not know such a scalar, only the subgraph does, and it
 * judges a literal and a variable apart (its errors would change, and name our variables). The values go as the client wrote them (an
 * enum by name), with the argument's type. Governance, limits and cost have judged the operation
 * as sent before this happens.
 */
export interface LiftedLiterals {
  /** The operation in its lifted form (`$__trellis_0`, `$__trellis_1`, …). */
  document: DocumentNode;
  /**
   * What identifies its lifted form (for one schema): the text as sent with each lifted value
   * replaced by its variable (the printed lifted document where the text has no locations). Texts that differ only in lifted values share it; any other difference — a
   * variable's default, a directive's argument, the operations that do not run — tells them apart.
   */
  key: string;
  /** The lifted values, by variable name. */
  values: Record<string, unknown>;
}

const PREFIX = '__trellis_';

/** The operation with its literal arguments lifted, or undefined when it has none to lift. */
export function liftLiterals(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined): LiftedLiterals | undefined {
  const operation = operationOf(document, operationName);
  if (!operation) return undefined;
  if ((operation.variableDefinitions ?? []).some((d) => d.variable.name.value.startsWith(PREFIX))) return undefined;
  const typeInfo = new TypeInfo(schema);
  const values: Record<string, unknown> = {};
  const definitions: VariableDefinitionNode[] = [];
  const spans: [start: number, end: number, name: string][] = [];
  let inDirective = 0;
  const lifted = visit(
    document,
    visitWithTypeInfo(typeInfo, {
      // Other operations of the document are not run: left as they are.
      OperationDefinition: (node) => (node === operation ? undefined : false),
      Directive: { enter: () => void inDirective++, leave: () => void inDirective-- },
      Argument: (node: ArgumentNode) => {
        if (inDirective > 0 || hasVariable(node.value)) return undefined;
        const argument = typeInfo.getArgument();
        if (!argument || !liftable(argument.type)) return undefined;
        const name = `${PREFIX}${definitions.length}`;
        values[name] = valueFromASTUntyped(node.value);
        if (node.value.loc) spans.push([node.value.loc.start, node.value.loc.end, name]);
        definitions.push({
          kind: Kind.VARIABLE_DEFINITION,
          variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: name } },
          type: parseType(String(argument.type)),
        });
        return { ...node, value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: name } } };
      },
    }),
  );
  if (definitions.length === 0) return undefined;
  // Fragments come after the operation: its variables are declared once every literal is lifted.
  const index = document.definitions.indexOf(operation);
  const liftedOperation = lifted.definitions[index] as OperationDefinitionNode;
  const declared: DocumentNode = {
    ...lifted,
    definitions: lifted.definitions.map((d, i) => (i === index ? { ...liftedOperation, variableDefinitions: [...(liftedOperation.variableDefinitions ?? []), ...definitions] } : d)),
  };
  // The text is the document's only while the document is the one parsed from it: a document
  // rewritten since (governance's filter) has no `loc`, and is printed (authorize-operation.test.ts).
  const source = document.loc?.source.body;
  return { document: declared, key: source !== undefined && spans.length === definitions.length ? spliced(source, spans) : print(declared), values };
}

/** The source with each lifted value's span (in the order of the text, as visited) replaced by `$name`: cheaper than printing the lifted document. */
function spliced(source: string, spans: [number, number, string][]): string {
  let text = '';
  let at = 0;
  for (const [start, end, name] of spans) {
    text += `${source.slice(at, start)}$${name}`;
    at = end;
  }
  return text + source.slice(at);
}

function operationOf(document: DocumentNode, operationName: string | undefined): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (!operationName) return operations.length === 1 ? operations[0] : undefined;
  return operations.find((o) => o.name?.value === operationName);
}

const liftableTypes = new WeakMap<object, boolean>();

/** Whether values of `type` are built-in scalars, enums and input objects of them only. */
function liftable(type: GraphQLInputType): boolean {
  const named = getNamedType(type);
  if (isEnumType(named)) return true;
  if (!isInputObjectType(named)) return isSpecifiedScalarType(named);
  let known = liftableTypes.get(named);
  if (known === undefined) {
    liftableTypes.set(named, true); // while its fields are looked at: a type that holds itself
    known = Object.values(named.getFields()).every((field) => liftable(field.type));
    liftableTypes.set(named, known);
  }
  return known;
}

function hasVariable(value: ValueNode): boolean {
  switch (value.kind) {
    case Kind.VARIABLE:
      return true;
    case Kind.LIST:
      return value.values.some(hasVariable);
    case Kind.OBJECT:
      return value.fields.some((f) => hasVariable(f.value));
    default:
      return false;
  }
}
