import fs from 'node:fs';

/**
 * Where a process's CPU went, from a `node --cpu-prof` profile (`.cpuprofile`): self time per
 * function (the samples taken while that function itself was on top of the stack) and per package.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface SelfTime {
  name: string;
  where: string;
  ms: number;
  share: number;
}

export interface ProfileSummary {
  /** Which samples counted: the load window, or the whole profile when the window does not fit it. */
  window: string;
  totalMs: number;
  functions: SelfTime[];
  packages: SelfTime[];
}

/** `node_modules/@apollo/gateway/dist/…` → `@apollo/gateway`; project code → `trellis: gateway/src/…`; `node:` → `node`. */
export function packageOf(url: string): string {
  if (!url) return '(native / V8)';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const parts = url.slice(modules + '/node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  if (url.startsWith('node:')) return 'node (built-in)';
  const dist = url.indexOf('/dist/');
  if (dist >= 0) return `trellis: ${url.slice(dist + '/dist/'.length).split('/').slice(0, 2).join('/')}`;
  return url;
}

function shortUrl(url: string): string {
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) return url.slice(modules + '/node_modules/'.length);
  const dist = url.indexOf('/dist/');
  if (dist >= 0) return url.slice(dist + '/dist/'.length);
  return url.replace(/^file:\/\//, '');
}

/**
 * `window`: only samples taken between these times (µs of the monotonic clock, which is what V8's
 * profiler and `process.hrtime` both read on Linux) — the load, not the start-up.
 */
export function summarizeProfile(profile: CpuProfile, window?: { fromUs: number; toUs: number }, top = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  const fits = !!window && window.fromUs >= profile.startTime && window.toUs <= profile.endTime;
  let described = 'the whole process life, start-up included';
  if (profile.samples && profile.timeDeltas && profile.samples.length === profile.timeDeltas.length) {
    if (fits) described = `the ${((window!.toUs - window!.fromUs) / 1e6).toFixed(1)} s load window`;
    // A sample stands for the time until the next one.
    let at = profile.startTime;
    for (let i = 0; i < profile.samples.length; i++) {
      at += profile.timeDeltas[i]!;
      if (fits && (at < window!.fromUs || at > window!.toUs)) continue;
      const next = profile.timeDeltas[i + 1] ?? 0;
      selfUs.set(profile.samples[i]!, (selfUs.get(profile.samples[i]!) ?? 0) + Math.max(0, next));
    }
  } else {
    const interval = (profile.endTime - profile.startTime) / Math.max(1, profile.nodes.reduce((n, p) => n + (p.hitCount ?? 0), 0));
    for (const node of profile.nodes) selfUs.set(node.id, (node.hitCount ?? 0) * interval);
  }
  const functions = new Map<string, { name: string; where: string; us: number }>();
  const packages = new Map<string, number>();
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') continue;
    totalUs += us;
    const name = functionName || '(anonymous)';
    const where = url ? `${shortUrl(url)}:${lineNumber + 1}` : '';
    const key = `${name}@${where}`;
    const entry = functions.get(key) ?? { name, where, us: 0 };
    entry.us += us;
    functions.set(key, entry);
    const pkg = name.startsWith('(') && !url ? name : packageOf(url);
    packages.set(pkg, (packages.get(pkg) ?? 0) + us);
  }
  const share = (us: number) => (totalUs ? us / totalUs : 0);
  return {
    window: described,
    totalMs: totalUs / 1000,
    functions: [...functions.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((f) => ({ name: f.name, where: f.where, ms: f.us / 1000, share: share(f.us) })),
    packages: [...packages.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, where: '', ms: us / 1000, share: share(us) })),
  };
}

export function readProfile(file: string): CpuProfile {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
}

export function markdownProfile(title: string, summary: ProfileSummary, requests: number, procCpuMs: number): string {
  const perRequest = (ms: number) => (requests ? ms / requests : 0).toFixed(2);
  return [
    `### ${title}`,
    '',
    `${requests} requests in ${summary.window}; the process used ${perRequest(procCpuMs)} ms of CPU per request (from /proc, profiler on). ` +
      `The profile holds ${summary.totalMs.toFixed(0)} ms of non-idle samples; a share below × the /proc figure ≈ CPU per request.`,
    '',
    '| self time by package | share |',
    '|---|---:|',
    ...summary.packages.slice(0, 12).map((p) => `| ${p.name} | ${(p.share * 100).toFixed(1)}% |`),
    '',
    '| self time by function | where | share |',
    '|---|---|---:|',
    ...summary.functions.map((f) => `| \`${f.name}\` | ${f.where} | ${(f.share * 100).toFixed(1)}% |`),
  ].join('\n');
}
