import type { ServerResponse } from 'node:http';
import type { ErrorRequestHandler } from 'express';
import { databaseFailure, describeDatabaseFailure } from '../db/database-failure';
import type { ErrorCode } from '../errors';
import type { Logger } from '../logger';

export interface RequestErrorAnswer {
  status: number;
  code: ErrorCode;
  message: string;
}

/**
 * What to answer for an error Express met before a route handled the request (the JSON body
 * parser's, mostly), or a route failed with (its database away: 503 with the database's code): a
 * status and a message that says what to do — never the error's stack, which Express's default
 * handler prints with file paths into an HTML page.
 */
export function requestErrorAnswer(error: unknown): RequestErrorAnswer {
  const failure = databaseFailure(error);
  if (failure) return { status: 503, code: failure.code, message: failure.message };
  const e = (error ?? {}) as { status?: unknown; statusCode?: unknown; type?: unknown; limit?: unknown };
  const given = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : 500;
  const status = given >= 400 && given < 600 ? given : 500;
  if (e.type === 'entity.too.large') {
    return { status, code: 'BAD_REQUEST', message: `The request body is larger than ${typeof e.limit === 'number' ? `${e.limit} bytes` : 'the limit'}; send less.` };
  }
  if (e.type === 'entity.parse.failed') return { status, code: 'BAD_REQUEST', message: 'The request body is not valid JSON.' };
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') return { status, code: 'BAD_REQUEST', message: 'Send the request body as UTF-8 JSON.' };
  if (status < 500) return { status, code: 'BAD_REQUEST', message: 'The request could not be read.' };
  return { status, code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' };
}

/**
 * An Express error handler answering JSON in GraphQL's shape, `{ errors: [{ message, extensions: { code } }] }`,
 * the one shape every Trellis HTTP endpoint answers errors in. Unexpected errors are logged whole.
 */
export function requestErrorHandler(logger?: Logger): ErrorRequestHandler {
  return (error, _req, res, next) => {
    if (res.headersSent) return next(error);
    const answer = requestErrorAnswer(error);
    if (answer.code === 'DATABASE_UNAVAILABLE' || answer.code === 'DATABASE_TIMEOUT') logger?.warn(`${answer.code} in an HTTP request: ${describeDatabaseFailure(error)}`);
    else if (answer.status >= 500) logger?.error('unexpected error in an HTTP request', error);
    jsonError(res, answer.status, answer.code, answer.message);
  };
}

/** Answers an HTTP error in GraphQL's shape: `{ errors: [{ message, extensions: { code } }] }`. */
export function jsonError(res: ServerResponse, status: number, code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): void {
  const body = JSON.stringify({ errors: [{ message, extensions: { ...extensions, code } }] });
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(body));
  res.end(body);
}
