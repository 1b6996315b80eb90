import type { RequestHandler, Response } from 'express';
import type { Principal } from '../../../shared/src/auth/principal';
import { budgetOf } from './plugin';

export interface CallerRateSettings {
  /** How many of its cost budgets a caller may spend per second (0: no rate limit). */
  budgetsPerSecond: number;
  /** How many seconds of that rate a caller may spend at once, after a quiet spell. */
  burstSeconds: number;
}

export const DEFAULT_CALLER_RATE: CallerRateSettings = { budgetsPerSecond: 10, burstSeconds: 2 };

/** Callers kept at most; beyond it, those idle long enough to be full again are forgotten first. */
const MAX_CALLERS = 10_000;
/** The longest a refusal is held before it is sent, and how many may be held at once (beyond, they go at once). */
const HOLD_MAX_MS = 1_000;
const HOLD_MAX_RESPONSES = 1_000;

interface Bucket {
  /** Cost the caller may still spend; below zero it is in debt and waits. */
  level: number;
  updatedAt: number;
  rate: number;
  capacity: number;
}

/**
 * Demand control over time, per caller: each verified caller (its `sub`) has a bucket of cost that
 * fills at `budgetsPerSecond` × its per-operation budget, up to `burstSeconds` of that. Every
 * operation is charged after it is judged (see `charge`): its estimated cost when it runs, its whole
 * budget when demand control refused it — so a loop of refused or maximal operations empties the
 * bucket as fast as a loop of real ones. A caller in debt is answered 429
 * `RATE_LIMITED` with `Retry-After` before its body is even read, which costs the gateway next to
 * nothing. The refusal is held until the caller may send again (at most a second): a client that
 * ignores `Retry-After` and sends again at once cannot make the gateway answer refusals as fast as
 * it can ask — holding an answer costs a timer. Other callers keep their latency. Per gateway
 * instance (each instance limits on its own).
 */
export class CallerRateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private held = 0;

  constructor(
    private readonly settings: CallerRateSettings,
    private readonly budgets: Readonly<Record<string, number>>,
    private readonly now: () => number = Date.now,
  ) {}

  get enabled(): boolean {
    return this.settings.budgetsPerSecond > 0;
  }

  /** Seconds until the caller may send again, or 0 when it may now. */
  waitSeconds(principal: Principal): number {
    const bucket = this.refilled(principal);
    return bucket.level > 0 ? 0 : Math.max(1, Math.ceil((1 - bucket.level) / bucket.rate));
  }

  /**
   * Charges an operation: its estimated cost when demand control judged it; the caller's whole
   * budget when demand control refused it (over a limit or the budget); otherwise (not parseable,
   * not valid, refused by governance before it was estimated) a hundredth of the budget.
   */
  charge(principal: Principal, charged: Charge): void {
    const bucket = this.refilled(principal);
    const budget = budgetOf(principal, this.budgets);
    bucket.level -= charged.estimatedCost ?? (charged.refusedByDemandControl ? budget : Math.max(1, budget / 100));
  }

  private refilled(principal: Principal): Bucket {
    const now = this.now();
    let bucket = this.buckets.get(principal.sub);
    if (!bucket) {
      const rate = Math.max(1, budgetOf(principal, this.budgets) * this.settings.budgetsPerSecond);
      const capacity = rate * this.settings.burstSeconds;
      bucket = { level: capacity, updatedAt: now, rate, capacity };
      if (this.buckets.size >= MAX_CALLERS) this.forgetFullBuckets(now);
      this.buckets.set(principal.sub, bucket);
      return bucket;
    }
    bucket.level = Math.min(bucket.capacity, bucket.level + ((now - bucket.updatedAt) / 1000) * bucket.rate);
    bucket.updatedAt = now;
    // Most recently used last, so the oldest are first when some must go.
    this.buckets.delete(principal.sub);
    this.buckets.set(principal.sub, bucket);
    return bucket;
  }

  private forgetFullBuckets(now: number): void {
    for (const [sub, bucket] of this.buckets) {
      if (this.buckets.size < MAX_CALLERS * 0.9) return;
      const level = bucket.level + ((now - bucket.updatedAt) / 1000) * bucket.rate;
      // A full bucket carries no memory: forgetting it changes nothing for its caller.
      if (level >= bucket.capacity) this.buckets.delete(sub);
    }
    // Everyone is in debt or partly spent: drop the least recently seen rather than grow without end.
    for (const sub of this.buckets.keys()) {
      if (this.buckets.size < MAX_CALLERS * 0.9) return;
      this.buckets.delete(sub);
    }
  }

  /**
   * Admission, after authentication and before the body is read: a caller in debt is refused at
   * once; otherwise the operation is charged when its response is finished, from what demand
   * control judged (`res.locals.demand`, the GraphQL context's `demand`).
   */
  middleware(): RequestHandler {
    return (_req, res, next) => {
      const principal = res.locals.principal as Principal | undefined;
      if (!this.enabled || !principal) return next();
      const wait = this.waitSeconds(principal);
      if (wait > 0) return this.refuseHeld(res, wait);
      res.once('finish', () => this.charge(principal, chargeOf(res)));
      next();
    };
  }

  private refuseHeld(res: Response, wait: number): void {
    if (this.held >= HOLD_MAX_RESPONSES) return refuse(res, wait);
    this.held += 1;
    const release = () => {
      clearTimeout(timer);
      res.off('close', release);
      this.held -= 1;
    };
    const timer = setTimeout(() => {
      release();
      refuse(res, wait);
    }, Math.min(HOLD_MAX_MS, wait * 1000));
    // A client that gives up is not answered.
    res.once('close', release);
  }
}

export interface Charge {
  estimatedCost?: number;
  refusedByDemandControl?: boolean;
}

/** What demand control judged: the GraphQL context's `demand` (shared with the response), or the token limit's refusal. */
function chargeOf(res: Response): Charge {
  const demand = res.locals.demand as Charge | undefined;
  return { estimatedCost: demand?.estimatedCost, refusedByDemandControl: !!(demand?.refusedByDemandControl || res.locals.refusedByDemandControl) };
}

/** 429 for every client (as the GraphQL-over-HTTP spec allows): no operation was read, so there is no GraphQL result. */
function refuse(res: Response, wait: number): void {
  res.setHeader('retry-after', String(wait));
  res.status(429).json({
    errors: [
      {
        message: `Too many requests: your operations have used your cost budget for now. Try again in ${wait} s, or send fewer or smaller operations.`,
        extensions: { code: 'RATE_LIMITED', retryAfterSeconds: wait },
      },
    ],
  });
}
