import { Kind, parse, print, visit, type DocumentNode } from 'graphql';

/** The security features of a supergraph that Trellis itself enforces (the governance plugin). */
export const ENFORCED_SECURITY_FEATURES = ['authenticated', 'requiresScopes', 'policy'] as const;

const ENFORCED = new RegExp(`^https://specs\\.apollo\\.dev/(${ENFORCED_SECURITY_FEATURES.join('|')})/v[0-9.]+$`);

/**
 * `@apollo/gateway` refuses to load a supergraph whose `@link(for: SECURITY)` features it does not
 * enforce — a safe default, since it would otherwise serve fields it was told to protect. Trellis
 * enforces `@authenticated`, `@requiresScopes` and `@policy` in its own plugin, so for exactly those
 * features it drops the `for: SECURITY` purpose from the SDL handed to the gateway. Any other
 * security feature keeps its purpose, and the gateway keeps refusing it.
 */
export function acknowledgeEnforcedSecurityFeatures(supergraphSdl: string): string {
  const document = visit(parse(supergraphSdl), {
    SchemaDefinition(node) {
      return {
        ...node,
        directives: node.directives?.map((directive) => {
          if (directive.name.value !== 'link') return directive;
          const url = directive.arguments?.find((a) => a.name.value === 'url')?.value;
          if (url?.kind !== Kind.STRING || !ENFORCED.test(url.value)) return directive;
          return { ...directive, arguments: directive.arguments?.filter((a) => a.name.value !== 'for') };
        }),
      };
    },
  }) as DocumentNode;
  return print(document);
}
