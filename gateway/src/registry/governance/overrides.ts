import { Kind, parse, valueFromASTUntyped, type ConstDirectiveNode, type DocumentNode } from 'graphql';

/** A field a subgraph takes over from another: `@override(from:)`, possibly progressively (`label`). */
export interface Override {
  coordinate: string;
  /** The subgraph that takes the field over. */
  by: string;
  /** The subgraph it is taken from. */
  from: string;
  label?: string;
}

export const overrideKey = (o: Override): string => `${o.coordinate}|${o.by}|${o.from}|${o.label ?? ''}`;

const FEDERATION_SPEC = /^https:\/\/specs\.apollo\.dev\/federation\//;

/**
 * The names federation's `@override` goes by in a subgraph schema: `@override` and
 * `@federation__override` always (counting a look-alike is the safe mistake), the namespace the
 * federation `@link` gives itself (`as:`), and any name it is imported under
 * (`import: [{ name: "@override", as: "@takeOver" }]`).
 */
function overrideNames(document: DocumentNode): Set<string> {
  const names = new Set(['override', 'federation__override']);
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const link of definition.directives ?? []) {
      if (link.name.value !== 'link') continue;
      const args = argumentsOf(link);
      if (typeof args.url !== 'string' || !FEDERATION_SPEC.test(args.url)) continue;
      if (typeof args.as === 'string') names.add(`${args.as.replace(/^@/, '')}__override`);
      for (const imported of Array.isArray(args.import) ? args.import : []) {
        if (imported === '@override') names.add('override');
        const item = imported as { name?: unknown; as?: unknown };
        if (item && typeof item === 'object' && item.name === '@override' && typeof item.as === 'string') names.add(item.as.replace(/^@/, ''));
      }
    }
  }
  return names;
}

function argumentsOf(directive: ConstDirectiveNode): Record<string, unknown> {
  return Object.fromEntries((directive.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value)]));
}

/** Every `@override(from:)` in a subgraph's own schema that names another subgraph. */
export function subgraphOverrides(name: string, sdl: string | DocumentNode): Override[] {
  const document = typeof sdl === 'string' ? parse(sdl) : sdl;
  const names = overrideNames(document);
  const found: Override[] = [];
  for (const definition of document.definitions) {
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.OBJECT_TYPE_EXTENSION &&
      definition.kind !== Kind.INTERFACE_TYPE_DEFINITION &&
      definition.kind !== Kind.INTERFACE_TYPE_EXTENSION
    ) {
      continue;
    }
    for (const field of definition.fields ?? []) {
      for (const directive of field.directives ?? []) {
        if (!names.has(directive.name.value)) continue;
        const { from, label } = argumentsOf(directive);
        if (typeof from !== 'string' || from === name) continue;
        found.push({ coordinate: `${definition.name.value}.${field.name.value}`, by: name, from, ...(typeof label === 'string' ? { label } : {}) });
      }
    }
  }
  return found;
}

/**
 * Every override a composed supergraph carries, whatever name the subgraph used for the directive:
 * `@join__field(graph: G, override: "from", overrideLabel: …)`, with `G` mapped back to its name.
 */
export function supergraphOverrides(supergraphSdl: string | DocumentNode): Override[] {
  const document = typeof supergraphSdl === 'string' ? parse(supergraphSdl) : supergraphSdl;
  const graphs = new Map<string, string>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.ENUM_TYPE_DEFINITION || definition.name.value !== 'join__Graph') continue;
    for (const value of definition.values ?? []) {
      const graph = value.directives?.find((d) => d.name.value === 'join__graph');
      const name = graph && argumentsOf(graph).name;
      if (typeof name === 'string') graphs.set(value.name.value, name);
    }
  }
  const found: Override[] = [];
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.INTERFACE_TYPE_DEFINITION) continue;
    for (const field of definition.fields ?? []) {
      for (const directive of field.directives ?? []) {
        if (directive.name.value !== 'join__field') continue;
        const args = argumentsOf(directive);
        if (typeof args.override !== 'string') continue;
        const by = graphs.get(String(args.graph)) ?? String(args.graph);
        found.push({
          coordinate: `${definition.name.value}.${field.name.value}`,
          by,
          from: args.override,
          ...(typeof args.overrideLabel === 'string' ? { label: args.overrideLabel } : {}),
        });
      }
    }
  }
  return found;
}

/** The overrides in `after` that `before` did not have. */
export function addedOverrides(before: readonly Override[], after: readonly Override[]): Override[] {
  const known = new Set(before.map(overrideKey));
  return after.filter((o) => !known.has(overrideKey(o)));
}
