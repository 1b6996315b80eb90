import type { RequestHandler } from 'express';
import { Lexer, Source, TokenKind } from 'graphql';
import { negotiatedMediaType } from '../http/json-status-plugin';

/** Tokens in a GraphQL document, counted by graphql-js's own lexer (linear; a syntax error ends the count). */
export function countTokens(source: string, stopAfter = Number.POSITIVE_INFINITY): number {
  const lexer = new Lexer(new Source(source));
  let count = 0;
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF && count <= stopAfter; token = lexer.advance()) count += 1;
  } catch {
    // the parser will report the syntax error; what was counted is enough to judge the size
  }
  return count;
}

/**
 * Refuses a document of more than `maxTokens` tokens before it is parsed, so an oversized operation
 * costs the gateway a lexer pass and nothing more. Every token is at least one character, so only a
 * document longer than the limit is counted at all.
 */
export function tokenLimit(maxTokens: number): RequestHandler {
  return (req, res, next) => {
    const query = req.method === 'GET' ? req.query.query : (req.body as { query?: unknown } | undefined)?.query;
    if (typeof query !== 'string' || query.length <= maxTokens) return next();
    const measured = countTokens(query, 10 * maxTokens);
    if (measured <= maxTokens) return next();
    const shown = measured > 10 * maxTokens ? `more than ${10 * maxTokens}` : String(measured);
    const status = negotiatedMediaType(req.headers.accept) === 'application/json' ? 200 : 400;
    res.locals.refusedByDemandControl = true;
    res.status(status).json({
      errors: [
        {
          message: `Operation refused: the document has ${shown} tokens; at most ${maxTokens} are allowed. Send a smaller operation.`,
          extensions: { code: 'TOKEN_LIMIT_EXCEEDED', limit: maxTokens, measured },
        },
      ],
    });
  };
}
