import type { Response } from 'express';
import { jsonError } from '../../../../shared/src/http/request-errors';
import type { Refusal, RefusalCode } from '../api';

const STATUS: Record<RefusalCode, number> = {
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  UNAUTHORIZED_FIELD_OR_TYPE: 403,
  SEPARATION_OF_DUTIES: 403,
  CHANGE_NOT_PENDING: 409,
  CHANGE_OUTDATED: 409,
  CHECKS_FAILED: 422,
  BREAKING_CHANGE: 422,
  GOVERNANCE_CHANGE: 422,
  ROUTING_URL_NOT_ALLOWED: 422,
  SCHEMA_UNAVAILABLE: 502,
  FORBIDDEN_BRAND: 403,
};

export const isRefusal = (value: unknown): value is Refusal => (value as { outcome?: unknown })?.outcome === 'refused';

/** A refusal in GraphQL's error shape, the check report and the field at fault in `extensions`. */
export function answerRefusal(res: Response, refusal: Refusal): void {
  const { code, message, checks, field } = refusal;
  jsonError(res, STATUS[code], code, message, { ...(checks ? { checks } : {}), ...(field ? { field } : {}) });
}

/** An operation's outcome: the refusal as an error, a pending change as 202, anything else as 200. */
export function answer<T extends { outcome: string }>(res: Response, outcome: T | Refusal): void {
  if (isRefusal(outcome)) return answerRefusal(res, outcome);
  res.status(outcome.outcome === 'pending' ? 202 : 200).json(outcome);
}
