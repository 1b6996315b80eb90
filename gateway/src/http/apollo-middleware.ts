import type { ApolloServer, BaseContext, ContextFunction } from '@apollo/server';
import type { Request, RequestHandler, Response } from 'express';
import { executeApollo, writeApolloAnswer } from '../../../shared/src/http/apollo-http';

/**
 * `expressMiddleware` of `@as-integrations/express5`, with answers written as they are (see
 * `writeApolloAnswer`). GET keeps `res.send`: its ETag, `If-None-Match` → 304, and HEAD.
 */
export function apolloMiddleware<C extends BaseContext>(server: ApolloServer<C>, options: { context: ContextFunction<[{ req: Request; res: Response }], C> }): RequestHandler {
  server.assertStarted('apolloMiddleware()');
  return async (req, res) => {
    if (!('body' in req)) {
      res.status(500).send('`req.body` is not set; this probably means you forgot to set up the `json` middleware before the Apollo Server middleware.');
      return;
    }
    const answer = await executeApollo(server, req, req.body, () => options.context({ req, res }));
    if (req.method !== 'POST' && answer.body.kind === 'complete') {
      for (const [key, value] of answer.headers) res.setHeader(key, value);
      res.status(answer.status || 200).send(answer.body.string);
      return;
    }
    await writeApolloAnswer(res, answer);
  };
}
