import { trace } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { tracingActive } from './tracing-active';

describe('tracingActive', () => {
  afterEach(() => trace.disable());

  it('is false with no tracer provider registered, true with one, false again once it is removed', () => {
    expect(tracingActive()).toBe(false);
    trace.setGlobalTracerProvider(new BasicTracerProvider());
    expect(tracingActive()).toBe(true);
    trace.disable();
    expect(tracingActive()).toBe(false);
  });
});
