import { GraphQLError } from 'graphql';

/**
 * Every error code a Trellis client can receive, in one place. Codes are public API:
 * brand teams and auditors branch on `extensions.code`, so never rename one.
 */
export const ErrorCodes = {
  BAD_USER_INPUT: 'The input is malformed or out of range; the message names the field.',
  NOT_FOUND: 'The thing named does not exist.',
  SUBGRAPH_UNAVAILABLE: 'A subgraph the operation needs did not answer; `extensions.serviceName` names it.',
  INTERNAL_SERVER_ERROR: 'An unexpected failure; details are in the server log under the request id.',
} as const;

export type ErrorCode = keyof typeof ErrorCodes;

export function trellisError(
  code: ErrorCode,
  message: string,
  extensions: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

export function badInput(field: string, message: string): GraphQLError {
  return trellisError('BAD_USER_INPUT', `${field}: ${message}`, { field });
}
