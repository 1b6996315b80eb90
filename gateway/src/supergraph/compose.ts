import { createHash } from 'node:crypto';
import { composeServices } from '@apollo/composition';
import { GraphQLError, parse, type DocumentNode } from 'graphql';
import { formatViolation, lintSubgraphs } from '../../../shared/src/governance/lint';

export interface SubgraphSource {
  name: string;
  url: string;
  sdl: string;
}

export type CompositionResult = { ok: true; supergraphSdl: string; hash: string } | { ok: false; errors: string[] };

/**
 * Subgraph schemas in, supergraph out — or the reasons why not, as values: the caller decides
 * whether a refusal stops the gateway (at start) or keeps the running supergraph (while polling).
 *
 * The governance lint runs first and, if it finds anything, composition is not attempted: a schema
 * without owners or audit actions must not reach clients however well it composes, and its errors
 * are the ones the subgraph team can act on. `hash` identifies the supergraph, so a poller can tell
 * a changed supergraph from the same one composed again.
 */
export function composeSupergraph(subgraphs: readonly SubgraphSource[]): CompositionResult {
  const documents: { name: string; url: string; typeDefs: DocumentNode }[] = [];
  const syntaxErrors: string[] = [];
  for (const { name, url, sdl } of subgraphs) {
    try {
      documents.push({ name, url, typeDefs: parse(sdl) });
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      syntaxErrors.push(`[${name}] the schema does not parse: ${error.message}`);
    }
  }
  if (syntaxErrors.length > 0) return { ok: false, errors: syntaxErrors };

  const violations = lintSubgraphs(subgraphs);
  if (violations.length > 0) return { ok: false, errors: violations.map(formatViolation) };

  const composition = composeServices(documents);
  if (composition.errors) return { ok: false, errors: composition.errors.map((error) => error.message) };
  const { supergraphSdl } = composition;
  return { ok: true, supergraphSdl, hash: createHash('sha256').update(supergraphSdl).digest('hex') };
}
