import {
  GraphQLBoolean,
  type GraphQLError,
  GraphQLFloat,
  GraphQLID,
  GraphQLInt,
  GraphQLString,
  isAbstractType,
  isCompositeType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  valueFromASTUntyped,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLLeafType,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { errorAt, type ErrorCode } from '../../../shared/src/errors';

/**
 * The operation's answer cut out of what the subgraphs sent, compiled once per operation.
 *
 * The executor merges every fetch's data into one tree, which holds more than the client asked
 * for (keys, `__typename`s, fields another fetch required). The shape walks the operation's
 * selections over that tree and copies out exactly the selected fields under their response
 * names, as `@apollo/gateway`'s result shaping (`computeResponse`) does, with the same outcomes:
 * `@skip`/`@include` evaluated on the request's variables, fragments applied by the object's
 * `__typename`, a leaf value that is not valid for its type replaced by null, and a null in a
 * non-null position bubbling up to the nearest nullable one — each such repair reported as an
 * error (the executor puts them in `extensions.valueCompletion` when the fetches made none).
 *
 * What `computeResponse` derives from the operation on every request (the selection sets of the
 * federation model, type lookups, the wrapping of each field's type) is worked out here once.
 */

type Condition = { skip: boolean; value: boolean } | { skip: boolean; variable: string };

/** A field's type with its wrappers, as a chain. */
interface TypeShape {
  nonNull: boolean;
  /** For a list: the type of its elements. */
  list?: TypeShape;
  /** For a leaf: whether a value is valid for it. */
  leaf?: (value: unknown) => boolean;
  /** For a composite type: the type. */
  composite?: GraphQLCompositeType;
  /** The type without its non-null wrapper, as the schema prints it (for messages). */
  printed: string;
}

interface FieldShape {
  kind: 'field';
  responseName: string;
  conditions?: Condition[];
  role: 'value' | 'typename' | 'introspection';
  type: TypeShape;
  selections?: Shape[];
  node: FieldNode;
}

interface FragmentShape {
  kind: 'fragment';
  conditions?: Condition[];
  /** The type condition: undefined when the fragment has none (it always applies). */
  typeCondition?: GraphQLCompositeType;
  selections: Shape[];
}

type Shape = FieldShape | FragmentShape;

export interface ShapeResult {
  /** `null` when a non-null root field bubbled up. */
  data: Record<string, unknown> | null;
  errors: GraphQLError[];
}

/** How an introspection field (`__schema`, `__type`) at the root is answered. */
export type IntrospectionHandler = (field: FieldNode, variables: Record<string, unknown>) => unknown;

const INTEGER = /^-?(?:0|[1-9][0-9]*)$/;

export class ResponseShape {
  private readonly root: Shape[];
  private readonly rootType: GraphQLCompositeType;
  /** Defaults of the operation's variables, under what the request gives. */
  private readonly defaults: Record<string, unknown>;
  /** Output objects without a prototype: only when a response name could reach one (`__proto__`). */
  private readonly bareObjects: boolean;

  constructor(
    private readonly schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  ) {
    const rootType = schema.getRootType(operation.operation);
    if (!rootType) throw new Error(`The schema has no ${operation.operation} type`);
    this.rootType = rootType;
    const compiler = new ShapeCompiler(schema, fragments);
    this.root = compiler.selections(operation.selectionSet, rootType);
    this.bareObjects = compiler.sawProtoName;
    this.defaults = {};
    for (const definition of operation.variableDefinitions ?? []) {
      if (definition.defaultValue) this.defaults[definition.variable.name.value] = valueFromASTUntyped(definition.defaultValue);
    }
  }

  /** The answer for `input` (the merged fetches), or `undefined` data when there is none. */
  apply(input: Record<string, unknown> | null | undefined, variables: Record<string, unknown> | undefined, introspect: IntrospectionHandler): ShapeResult {
    if (!input) return { data: input as null, errors: [] };
    const state: ApplyState = {
      variables: variables ? { ...this.defaults, ...variables } : this.defaults,
      errors: [],
      introspect,
      hasErrors: false,
      invalid: false,
      bare: this.bareObjects,
    };
    const data = this.object();
    const ok = this.applySelections(input, this.root, data, state, [], this.rootType);
    return { data: ok ? data : null, errors: state.errors };
  }

  private object(): Record<string, unknown> {
    return this.bareObjects ? Object.create(null) : {};
  }

  /** Copies `selections` from `input` into `output`; false when a non-null field bubbled up to this object. */
  private applySelections(input: Record<string, unknown>, selections: Shape[], output: Record<string, unknown>, state: ApplyState, path: (string | number)[], parentType: GraphQLCompositeType): boolean {
    for (const selection of selections) {
      if (selection.conditions && skipped(selection.conditions, state.variables)) continue;
      if (selection.kind === 'fragment') {
        const typename = input.__typename;
        if (typename !== undefined && typeof typename !== 'string') throw new Error(`Got unexpected value for __typename: ${String(typename)}`);
        if (!this.fragmentApplies(selection.typeCondition, typename, parentType)) continue;
        if (!this.applySelections(input, selection.selections, output, state, path, selection.typeCondition ?? parentType)) return false;
        continue;
      }
      const name = selection.responseName;
      const outputValue = output[name];
      if (selection.role === 'introspection') {
        if (outputValue === undefined) output[name] = state.introspect(selection.node, state.variables);
        continue;
      }
      let inputValue = Object.hasOwn(input, name) ? (input[name] ?? null) : null;
      if (selection.role === 'typename') {
        if (outputValue !== undefined) continue;
        if (inputValue === null && name !== '__typename') inputValue = input.__typename ?? null;
        const named = typeof inputValue === 'string' ? (this.schema.getType(inputValue) ?? parentType) : parentType;
        if (!isObjectType(named)) return false;
        output[name] = named.name;
        continue;
      }
      path.push(name);
      const updated = this.update(outputValue, selection.type, inputValue, selection.selections, state, path, parentType);
      output[name] = updated;
      path.pop();
      if (state.invalid) return false;
    }
    return true;
  }

  /**
   * The value of one position: what is already there (another selection of the same response
   * name), completed with `inputValue`. Sets `state.invalid` (a null in a non-null position, for
   * the enclosing object to bubble) and `state.hasErrors` (an error was reported inside).
   */
  private update(outputValue: unknown, type: TypeShape, inputValue: unknown, selections: Shape[] | undefined, state: ApplyState, path: (string | number)[], parentType: GraphQLCompositeType): unknown {
    state.invalid = false;
    state.hasErrors = false;
    if (outputValue === null || (outputValue !== undefined && !selections)) return outputValue;
    if (type.nonNull) {
      const updated = this.nullable(outputValue, type, inputValue, selections, state, path, parentType);
      if (updated === null) {
        if (!state.hasErrors) state.errors.push(invalidGraphQL(`Cannot return null for non-nullable ${describe(path, type, parentType)}.`, path));
        state.invalid = true;
        state.hasErrors = true;
        return null;
      }
      state.invalid = false;
      state.hasErrors = false;
      return updated;
    }
    return this.nullable(outputValue, type, inputValue, selections, state, path, parentType);
  }

  /** `update` past the non-null wrapper. */
  private nullable(outputValue: unknown, type: TypeShape, inputValue: unknown, selections: Shape[] | undefined, state: ApplyState, path: (string | number)[], parentType: GraphQLCompositeType): unknown {
    state.invalid = false;
    state.hasErrors = false;
    if (inputValue === null) return null;
    if (type.list) {
      if (!Array.isArray(inputValue)) throw new Error(`Invalid non-list value ${String(inputValue)} returned by subgraph for list type ${type.printed}`);
      if (outputValue !== undefined && !Array.isArray(outputValue)) throw new Error(`Invalid non-list value ${String(outputValue)} returned by subgraph for list type ${type.printed}`);
      const existing = outputValue as unknown[] | undefined;
      if (existing && existing.length !== inputValue.length) throw new Error(`[${String(inputValue)}].length (${inputValue.length}) !== [${String(existing)}].length (${existing.length})`);
      const element = type.list;
      const updated = new Array<unknown>(inputValue.length);
      let nullify = false;
      let hasErrors = false;
      for (let i = 0; i < inputValue.length; i++) {
        path.push(i);
        updated[i] = this.update(existing ? existing[i] : undefined, element, inputValue[i], selections, state, path, parentType);
        path.pop();
        if (state.invalid) nullify = true;
        if (state.hasErrors) hasErrors = true;
      }
      state.invalid = false;
      state.hasErrors = hasErrors;
      return nullify ? null : updated;
    }
    if (type.composite) {
      if (!selections) throw new Error(`Invalid empty selection set for composite type ${type.printed}`);
      if (typeof inputValue !== 'object') throw new Error(`Invalid non-object value ${String(inputValue)} returned by subgraph for composite type ${type.printed}`);
      if (outputValue !== undefined && typeof outputValue !== 'object') throw new Error(`Invalid non-object value ${String(inputValue)} returned by subgraph for composite type ${type.printed}`);
      const object = inputValue as Record<string, unknown>;
      const typename = object.__typename;
      if (typename !== undefined && typeof typename !== 'string') throw new Error(`Invalid non-string value ${String(typename)} for __typename at ${path.join(',')}`);
      let objectType = type.composite;
      if (typename) {
        const named = this.schema.getType(typename);
        if (!named || !isCompositeType(named)) {
          state.errors.push(invalidGraphQL(`Invalid __typename found for object at ${describe(path, type, parentType)}.`, path));
          state.invalid = false;
          state.hasErrors = true;
          return null;
        }
        objectType = named;
      }
      const output = (outputValue as Record<string, unknown> | undefined) ?? this.object();
      const ok = this.applySelections(object, selections, output, state, path, objectType);
      state.invalid = false;
      state.hasErrors = !ok;
      return ok ? output : null;
    }
    if (outputValue !== undefined) throw new Error(`Excepted output to be undefined but got ${type.printed} for type ${type.printed}`);
    if (type.leaf!(inputValue)) return inputValue;
    state.errors.push(invalidGraphQL(`Invalid value found for ${describe(path, type, parentType)}.`, path));
    state.hasErrors = true;
    return null;
  }

  /** A fragment applies to the object's own type when it names one, else to the parent type. */
  private fragmentApplies(condition: GraphQLCompositeType | undefined, typename: string | undefined, parentType: GraphQLCompositeType): boolean {
    if (!condition) return true;
    if (typename) {
      const type = this.schema.getType(typename);
      return !!type && isSubtype(this.schema, condition, type);
    }
    return isSubtype(this.schema, condition, parentType);
  }
}

interface ApplyState {
  variables: Record<string, unknown>;
  errors: GraphQLError[];
  introspect: IntrospectionHandler;
  invalid: boolean;
  hasErrors: boolean;
  bare: boolean;
}

/** `federation-internals`' `isSubtype` on named types: the same type, a member of a union, or an implementation of an interface. */
function isSubtype(schema: GraphQLSchema, type: GraphQLNamedType, maybeSubtype: GraphQLNamedType): boolean {
  if (type === maybeSubtype) return true;
  if (!isAbstractType(type)) return false;
  if (isObjectType(maybeSubtype)) return schema.isSubType(type, maybeSubtype);
  // An interface implementing an interface is a subtype of it (a union never contains an interface).
  return !isObjectType(maybeSubtype) && 'getInterfaces' in maybeSubtype && maybeSubtype.getInterfaces().includes(type as never);
}

function skipped(conditions: Condition[], variables: Record<string, unknown>): boolean {
  for (const condition of conditions) {
    let value: unknown;
    if ('variable' in condition) {
      value = variables[condition.variable];
      if (typeof value !== 'boolean') throw new Error(`Unexpected value ${String(value)} for variable $${condition.variable} of @${condition.skip ? 'skip' : 'include'}`);
    } else value = condition.value;
    if (condition.skip === value) return true;
  }
  return false;
}

function describe(path: (string | number)[], type: TypeShape, parentType: GraphQLCompositeType): string {
  const last = path[path.length - 1];
  return typeof last === 'string' ? `field ${parentType.name}.${last}` : `array element of type ${type.printed} at index ${last}`;
}

function invalidGraphQL(message: string, path: (string | number)[]): GraphQLError {
  return errorAt(message, { path: [...path], code: 'INVALID_GRAPHQL' satisfies ErrorCode });
}

class ShapeCompiler {
  sawProtoName = false;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  ) {}

  selections(set: SelectionSetNode, parentType: GraphQLCompositeType): Shape[] {
    const shapes: Shape[] = [];
    // Fields of one response name without directives are merged into one shape, as the
    // federation model of the operation merges them.
    const plain = new Map<string, FieldShape>();
    for (const selection of set.selections) {
      const conditions = conditionsOf(selection.directives ?? []);
      if (selection.kind === Kind.FIELD) {
        const shape = this.field(selection, parentType, conditions);
        if (!shape) continue;
        if (!conditions && shape.role === 'value') {
          const earlier = plain.get(shape.responseName);
          if (earlier) {
            if (earlier.selections && shape.selections) earlier.selections.push(...shape.selections);
            continue;
          }
          plain.set(shape.responseName, shape);
        }
        shapes.push(shape);
        continue;
      }
      const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? this.fragments.get(selection.name.value) : selection;
      if (!fragment) throw new Error(`Unknown fragment "${selection.kind === Kind.FRAGMENT_SPREAD ? selection.name.value : ''}"`);
      const typeCondition = fragment.typeCondition ? (this.schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType | undefined) : undefined;
      if (fragment.typeCondition && !typeCondition) throw new Error(`Unknown type "${fragment.typeCondition.name.value}"`);
      shapes.push({ kind: 'fragment', conditions, typeCondition, selections: this.selections(fragment.selectionSet, typeCondition ?? parentType) });
    }
    return shapes;
  }

  private field(node: FieldNode, parentType: GraphQLCompositeType, conditions: Condition[] | undefined): FieldShape | undefined {
    const name = node.name.value;
    const responseName = node.alias?.value ?? name;
    if (responseName === '__proto__') this.sawProtoName = true;
    const base = { kind: 'field' as const, responseName, conditions, node };
    if (name === '__typename') return { ...base, role: 'typename', type: { nonNull: true, leaf: () => true, printed: 'String' } };
    if (name === '__schema' || name === '__type') return { ...base, role: 'introspection', type: { nonNull: false, leaf: () => true, printed: name } };
    const definition = 'getFields' in parentType ? parentType.getFields()[name] : undefined;
    if (!definition) throw new Error(`Cannot query field "${name}" on type "${parentType.name}"`);
    const type = this.type(definition.type);
    let named: GraphQLOutputType = definition.type;
    while (isNonNullType(named) || isListType(named)) named = named.ofType;
    const selections = node.selectionSet && isCompositeType(named) ? this.selections(node.selectionSet, named) : undefined;
    return { ...base, role: 'value', type, selections };
  }

  private type(type: GraphQLOutputType): TypeShape {
    const printed = String(type);
    if (isNonNullType(type)) return { ...this.type(type.ofType), nonNull: true };
    if (isListType(type)) return { nonNull: false, list: this.type(type.ofType), printed };
    if (isCompositeType(type)) return { nonNull: false, composite: type, printed };
    return { nonNull: false, leaf: leafCheck(type as GraphQLLeafType), printed };
  }
}

/** `federation-internals`' `isValidLeafValue`, one function per leaf type. */
function leafCheck(type: GraphQLLeafType): (value: unknown) => boolean {
  if (isEnumType(type)) return (value) => typeof value === 'string' && type.getValue(value) !== undefined;
  switch (type.name) {
    case GraphQLBoolean.name:
      return (value) => typeof value === 'boolean';
    case GraphQLInt.name:
    case GraphQLID.name: {
      const id = type.name === GraphQLID.name;
      return (value) => (typeof value === 'number' ? Number.isFinite(value) && INTEGER.test(String(value)) : id && typeof value === 'string');
    }
    case GraphQLFloat.name:
      return (value) => typeof value === 'number' && Number.isFinite(value);
    case GraphQLString.name:
      return (value) => typeof value === 'string';
    default:
      // A custom scalar: any value.
      return () => true;
  }
}

function conditionsOf(directives: readonly { name: { value: string }; arguments?: readonly { name: { value: string }; value: ValueNode }[] }[]): Condition[] | undefined {
  let conditions: Condition[] | undefined;
  for (const directive of directives) {
    const skip = directive.name.value === 'skip';
    if (!skip && directive.name.value !== 'include') continue;
    const arg = directive.arguments?.find((a) => a.name.value === 'if');
    if (!arg) continue;
    const condition: Condition = arg.value.kind === Kind.VARIABLE ? { skip, variable: arg.value.name.value } : { skip, value: arg.value.kind === Kind.BOOLEAN && arg.value.value };
    (conditions ??= []).push(condition);
  }
  return conditions;
}
