import { Kind, parse, valueFromASTUntyped, type ConstDirectiveNode, type DocumentNode } from 'graphql';

/** What a type or field demands of the caller, as declared by the governance directives. */
export interface AccessRequirement {
  /** Each entry is one `@requiresScopes(scopes:)`: alternatives of scopes that must all be held. */
  scopes: string[][][];
  /** Each entry is one `@policy(policies:)`: alternatives of policies that must all allow. */
  policies: string[][][];
  authenticated: boolean;
}

interface ElementRules extends AccessRequirement {
  brandScopedBy?: string;
  sensitive?: string;
  owner?: string;
  audited?: string;
}

/**
 * The governance rules of one supergraph, indexed by coordinate. `@apollo/gateway`'s API schema
 * drops custom directives, so the index is built from the supergraph SDL, and rebuilt whenever a
 * new supergraph is loaded.
 */
export class RuleIndex {
  private constructor(
    private readonly types: ReadonlyMap<string, ElementRules>,
    private readonly fields: ReadonlyMap<string, ElementRules>,
  ) {}

  static fromSupergraphSdl(sdl: string | DocumentNode): RuleIndex {
    const document = typeof sdl === 'string' ? parse(sdl) : sdl;
    const types = new Map<string, ElementRules>();
    const fields = new Map<string, ElementRules>();
    for (const definition of document.definitions) {
      if (
        definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
        definition.kind !== Kind.OBJECT_TYPE_EXTENSION &&
        definition.kind !== Kind.INTERFACE_TYPE_DEFINITION &&
        definition.kind !== Kind.INTERFACE_TYPE_EXTENSION
      ) continue;
      const typeName = definition.name.value;
      merge(types, typeName, definition.directives ?? []);
      for (const field of definition.fields ?? []) merge(fields, `${typeName}.${field.name.value}`, field.directives ?? []);
    }
    return new RuleIndex(types, fields);
  }

  /** Requirements to select `parent.field` that returns `returnType`: the field's own and its type's. */
  accessFor(parentType: string, fieldName: string, returnType: string): AccessRequirement | undefined {
    const field = this.fields.get(`${parentType}.${fieldName}`);
    const type = this.types.get(returnType);
    if (!field && !type) return undefined;
    return {
      scopes: [...(field?.scopes ?? []), ...(type?.scopes ?? [])],
      policies: [...(field?.policies ?? []), ...(type?.policies ?? [])],
      authenticated: !!(field?.authenticated || type?.authenticated),
    };
  }

  /** On a root field, the argument (dotted path) that names a brand slug. */
  brandArgument(rootType: string, fieldName: string): string | undefined {
    return this.fields.get(`${rootType}.${fieldName}`)?.brandScopedBy;
  }

  sensitivity(parentType: string, fieldName: string): string | undefined {
    return this.fields.get(`${parentType}.${fieldName}`)?.sensitive;
  }

  ownerOf(typeName: string, fieldName?: string): string | undefined {
    return (fieldName ? this.fields.get(`${typeName}.${fieldName}`)?.owner : undefined) ?? this.types.get(typeName)?.owner;
  }
}

function merge(into: Map<string, ElementRules>, key: string, directives: readonly ConstDirectiveNode[]): void {
  for (const directive of directives) {
    const args = Object.fromEntries((directive.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value)]));
    const rules = into.get(key) ?? { scopes: [], policies: [], authenticated: false };
    switch (directive.name.value) {
      case 'requiresScopes':
        rules.scopes.push(args.scopes as string[][]);
        break;
      case 'policy':
        rules.policies.push(args.policies as string[][]);
        break;
      case 'authenticated':
        rules.authenticated = true;
        break;
      case 'brandScoped':
        rules.brandScopedBy = args.by as string;
        break;
      case 'sensitive':
        rules.sensitive = args.class as string;
        break;
      case 'owner':
        rules.owner = args.team as string;
        break;
      case 'audited':
        rules.audited = args.action as string;
        break;
      default:
        continue;
    }
    into.set(key, rules);
  }
}
