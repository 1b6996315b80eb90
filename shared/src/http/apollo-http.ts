import type http from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext, type HTTPGraphQLResponse } from '@apollo/server';

/**
 * The body of a request, up to `limit` bytes: `undefined` when it is larger (the rest is not read).
 * What `express.raw` does, without its content-type negotiation and stream wrappers.
 */
export function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    req.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length > limit) {
        req.removeAllListeners('data');
        req.resume();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length)));
    req.once('error', reject);
  });
}

/**
 * Runs a request with its parsed body through Apollo Server, on Node's own request: what
 * `@as-integrations/express5` does, without Express. Both the gateway and the subgraphs call it.
 */
export function executeApollo<C extends BaseContext>(server: ApolloServer<C>, req: http.IncomingMessage, body: unknown, context: () => Promise<C>): Promise<HTTPGraphQLResponse> {
  const headers = new HeaderMap();
  for (const key in req.headers) {
    const value = req.headers[key];
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const url = req.url ?? '';
  const query = url.indexOf('?');
  return server.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: (req.method ?? 'POST').toUpperCase(), headers, search: query === -1 ? '' : url.slice(query).split('#')[0]!, body },
    context,
  });
}

/**
 * Writes Apollo Server's answer as it is: a complete answer in one write with its length (no ETag
 * hashing as `res.send` would do — a POST's answer is never revalidated), an incremental one
 * streamed chunk by chunk, flushed through a compression middleware when there is one.
 */
export async function writeApolloAnswer(res: http.ServerResponse, answer: HTTPGraphQLResponse): Promise<void> {
  for (const [key, value] of answer.headers) res.setHeader(key, value);
  res.statusCode = answer.status || 200;
  if (answer.body.kind === 'complete') {
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
}
