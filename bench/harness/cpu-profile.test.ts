import { packageOf, summarizeProfile } from './cpu-profile';

describe('cpu profile summary', () => {
  const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 9, columnNumber: 0 });
  const profile = {
    nodes: [
      { id: 1, callFrame: frame('(root)', '') },
      { id: 2, callFrame: frame('plan', 'file:///w/node_modules/@apollo/query-planner/dist/x.js') },
      { id: 3, callFrame: frame('sign', 'file:///w/dist/shared/src/auth/signing.js') },
      { id: 4, callFrame: frame('(idle)', '') },
    ],
    startTime: 1000,
    endTime: 1400,
    // Samples at 1100 (plan), 1200 (sign), 1300 (plan), 1400 (idle); each stands for the time until the next.
    samples: [2, 3, 2, 4, 4],
    timeDeltas: [100, 100, 100, 100, 100],
  };

  it('adds up self time per function and per package, idle left out', () => {
    const s = summarizeProfile(profile);
    expect(s.totalMs).toBeCloseTo(0.3);
    expect(s.functions[0]).toMatchObject({ name: 'plan', where: '@apollo/query-planner/dist/x.js:10' });
    expect(s.packages.map((p) => p.name)).toEqual(['@apollo/query-planner', 'trellis: shared/src']);
  });

  it('counts only the samples inside a window that fits the profile', () => {
    expect(summarizeProfile(profile, { fromUs: 1150, toUs: 1250 }).functions.map((f) => f.name)).toEqual(['sign']);
    expect(summarizeProfile(profile, { fromUs: 0, toUs: 99_999 }).window).toMatch(/whole process/);
  });

  it('names packages, scoped or not, project code and built-ins', () => {
    expect(packageOf('file:///a/node_modules/graphql/execution/execute.js')).toBe('graphql');
    expect(packageOf('file:///a/node_modules/x/node_modules/@y/z/i.js')).toBe('@y/z');
    expect(packageOf('file:///a/dist/gateway/src/gateway.js')).toBe('trellis: gateway/src');
    expect(packageOf('node:internal/http')).toBe('node (built-in)');
  });
});
