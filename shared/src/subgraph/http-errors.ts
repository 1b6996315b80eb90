import type { ErrorRequestHandler, Response } from 'express';
import type { ErrorCode } from '../errors';
import type { Logger } from '../logger';

/** Every HTTP error Trellis answers has the GraphQL shape: `{ errors: [{ message, extensions: { code } }] }`. */
export function jsonError(res: Response, status: number, code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): void {
  res.status(status).json({ errors: [{ message, extensions: { ...extensions, code } }] });
}

/**
 * The last middleware of every Trellis HTTP server: whatever went wrong (a body that is not JSON,
 * too large, anything unexpected) is answered as JSON with a stable code, never as an HTML page
 * with a stack trace. Unexpected errors are logged whole and masked.
 */
export function jsonErrors(logger: Logger): ErrorRequestHandler {
  return (error, _req, res, _next) => {
    const status = typeof error?.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (res.headersSent) return;
    if (error?.type === 'entity.too.large') return jsonError(res, 413, 'BAD_REQUEST', 'The request body is too large.');
    if (error?.type === 'entity.parse.failed') return jsonError(res, 400, 'BAD_REQUEST', 'The request body is not valid JSON.');
    if (status < 500) return jsonError(res, status, 'BAD_REQUEST', 'The request could not be read.');
    logger.error('unexpected error in the HTTP layer', error);
    jsonError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error.');
  };
}
