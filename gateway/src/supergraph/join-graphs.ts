import { Kind, parse, type DocumentNode } from 'graphql';

/** The subgraphs a supergraph routes to, from its `join__Graph` enum: name and routing URL. */
export function joinGraphsOf(supergraphSdl: string | DocumentNode): { name: string; url: string }[] {
  const document = typeof supergraphSdl === 'string' ? parse(supergraphSdl) : supergraphSdl;
  const graphs: { name: string; url: string }[] = [];
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.ENUM_TYPE_DEFINITION || definition.name.value !== 'join__Graph') continue;
    for (const value of definition.values ?? []) {
      const join = value.directives?.find((d) => d.name.value === 'join__graph');
      const argument = (name: string) => {
        const v = join?.arguments?.find((a) => a.name.value === name)?.value;
        return v?.kind === Kind.STRING ? v.value : undefined;
      };
      const name = argument('name');
      const url = argument('url');
      if (name && url) graphs.push({ name, url });
    }
  }
  return graphs;
}
