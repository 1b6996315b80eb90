import { createHash } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import {
  OverlappingFieldsCanBeMergedRule,
  parse,
  printSchema,
  validate,
  ValuesOfCorrectTypeRule,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import { literalFreeKey } from './usage/operation-analysis';

/** Apollo Server's own bound for its document store: 30 MiB. */
const MAX_SIZE = 30 * 2 ** 20;
/** What a parsed document weighs per character of its text (JSON of the syntax tree is 10–25×). */
const BYTES_PER_CHARACTER = 24;
/** Operation shapes remembered as valid per supergraph; past this the set starts again. */
const MAX_SHAPES = 10_000;

/**
 * The gateway's parsed and validated operations: Apollo Server's document store, and the plugin
 * that fills it ahead of Apollo Server for texts it has not seen whose shape it has.
 *
 * Apollo Server parses and validates an operation text once, then finds the document in its
 * store by the text's hash. A client that writes its values into the text (`routeOrder(input: {
 * orderRef: "A-1", … })`) sends a new text each time, and graphql-js's validation costs the same
 * for a small document as for a large one — it runs ~30 rules over the document, and several of
 * them set up per call from the whole schema. Of those rules only two look at the values an
 * operation holds (`ValuesOfCorrectType`, and `OverlappingFieldsCanBeMerged`, which compares the
 * arguments of fields answered under one name); every other verdict follows from the text's
 * tokens with its strings and numbers left out (`literalFreeKey`: names, enum values, `true`,
 * `false`, `null`, punctuation and the kind of each value all stay). So once Apollo Server has
 * validated a text of a shape, another text of the same shape is parsed, run through those two
 * rules, and — if it passes — stored where Apollo Server will look for it: the key Apollo Server
 * reads is the schema's hash and the text's, and the document was checked against that same schema.
 *
 * Apollo Server validates every text of a shape not yet known, with every rule it runs (its own
 * included), and the plugin learns the shape from its verdict; whatever does not pass here (a
 * syntax error, an invalid value) is left to Apollo Server too, which answers with its errors as
 * ever. (A validation rule of our own given to Apollo Server, `validationRules`, would have to run
 * here on every text too: it is not known to ignore values.)
 */
export class DocumentStore {
  /** Given to Apollo Server as `documentStore`. */
  readonly documents = new InMemoryLRUCache<DocumentNode>({
    maxSize: MAX_SIZE,
    // Apollo Server's default sizes a document by serializing it to JSON on every store.
    sizeCalculation: (document: DocumentNode) => (document.loc?.end ?? 1_000) * BYTES_PER_CHARACTER,
  });
  private readonly prefixes = new WeakMap<GraphQLSchema, string>();
  private readonly validShapes = new WeakMap<GraphQLSchema, Set<string>>();
  /** The rules that read an operation's values: run on every new text of a known shape. */
  private readonly valueRules: readonly ValidationRule[] = [ValuesOfCorrectTypeRule, OverlappingFieldsCanBeMergedRule];

  /** Remembers that `source` passed Apollo Server's validation against `schema`: so does its shape, but for its values. */
  learned(schema: GraphQLSchema, source: string): void {
    const shape = literalFreeKey(source);
    if (shape === undefined) return;
    let shapes = this.validShapes.get(schema);
    if (!shapes) this.validShapes.set(schema, (shapes = new Set()));
    if (shapes.size >= MAX_SHAPES) shapes.clear();
    shapes.add(shape);
  }

  /**
   * The document for `source`, parsed and valid against `schema`, or undefined when it is not or
   * when its shape has not passed Apollo Server's validation yet (Apollo Server decides then).
   */
  validated(schema: GraphQLSchema, source: string): DocumentNode | undefined {
    const shape = literalFreeKey(source);
    if (shape === undefined || !this.validShapes.get(schema)?.has(shape)) return undefined;
    let document: DocumentNode;
    try {
      document = parse(source);
    } catch {
      return undefined;
    }
    return validate(schema, document, this.valueRules).length === 0 ? document : undefined;
  }

  /** The key Apollo Server reads a text's document under, for `schema`: its schema hash, then the text's hash. */
  private key(schema: GraphQLSchema, queryHash: string): string {
    let prefix = this.prefixes.get(schema);
    if (prefix === undefined) this.prefixes.set(schema, (prefix = `${createHash('sha256').update(printSchema(schema)).digest('hex')}:`));
    return prefix + queryHash;
  }

  /** Stores each new text of a known valid shape before Apollo Server looks for it, and learns shapes from Apollo Server's verdicts. */
  plugin(): ApolloServerPlugin {
    return {
      requestDidStart: async () => ({
        didResolveSource: async ({ schema, source, queryHash }) => {
          const key = this.key(schema, queryHash);
          if ((await this.documents.get(key)) !== undefined) return;
          const document = this.validated(schema, source);
          if (document) await this.documents.set(key, document);
        },
        // Runs only for a text Apollo Server validates itself: one not found in the store.
        validationDidStart: async ({ schema, source }) => async (errors) => {
          if (!errors?.length) this.learned(schema, source);
        },
      }),
    };
  }
}
