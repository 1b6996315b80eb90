import { ProxyTracerProvider, trace } from '@opentelemetry/api';
import type { RequestHandler } from 'express';

/** The provider a `ProxyTracerProvider` hands out while no SDK is registered (the API's no-op singleton). */
const NO_OP_PROVIDER = new ProxyTracerProvider().getDelegate();

/**
 * Whether a tracer provider is registered (tracing configured, `startTracing`), asked per request so
 * a provider registered or shut down later counts. Without one every span is a no-op and, with
 * no propagator registered either (`startTracing` registers both), no `traceparent` is read or
 * written: the span work can be skipped, with the same outcome.
 */
export function tracingActive(): boolean {
  const provider = trace.getTracerProvider();
  return !(provider instanceof ProxyTracerProvider) || provider.getDelegate() !== NO_OP_PROVIDER;
}

/** `middleware` only while tracing is active. */
export function whenTracing(middleware: RequestHandler): RequestHandler {
  return (req, res, next) => (tracingActive() ? middleware(req, res, next) : next());
}
