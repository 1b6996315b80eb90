import { HeaderMap, type ApolloServer, type BaseContext, type ContextFunction } from '@apollo/server';
import type { Request, RequestHandler, Response } from 'express';

/**
 * `expressMiddleware` of `@as-integrations/express5`, with a POST's complete answer written as is:
 * `res.send` would hash it for an ETag (a POST's answer is never revalidated), re-parse its content
 * type to add the charset Apollo Server already names, and copy it into a Buffer. GET keeps
 * `res.send` (ETag, `If-None-Match` → 304, HEAD), and incremental answers are streamed as before.
 */
export function apolloMiddleware<C extends BaseContext>(server: ApolloServer<C>, options: { context: ContextFunction<[{ req: Request; res: Response }], C> }): RequestHandler {
  server.assertStarted('apolloMiddleware()');
  return async (req, res) => {
    if (!('body' in req)) {
      res.status(500).send('`req.body` is not set; this probably means you forgot to set up the `json` middleware before the Apollo Server middleware.');
      return;
    }
    const headers = new HeaderMap();
    for (const key in req.headers) {
      const value = req.headers[key];
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const query = req.url.indexOf('?');
    const answer = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method.toUpperCase(), headers, search: query === -1 ? '' : req.url.slice(query).split('#')[0]!, body: req.body },
      context: () => options.context({ req, res }),
    });
    for (const [key, value] of answer.headers) res.setHeader(key, value);
    res.statusCode = answer.status || 200;
    if (answer.body.kind === 'complete') {
      if (req.method !== 'POST') {
        res.send(answer.body.string);
        return;
      }
      res.setHeader('content-length', Buffer.byteLength(answer.body.string));
      res.end(answer.body.string);
      return;
    }
    const flushable = res as unknown as { flush?: () => void };
    for await (const chunk of answer.body.asyncIterator) {
      res.write(chunk);
      flushable.flush?.();
    }
    res.end();
  };
}
