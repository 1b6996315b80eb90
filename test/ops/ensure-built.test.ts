import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * bin/ensure-built.js builds the TypeScript once and again only when a source changed. Tried on a
 * small project of its own shape in a temporary folder (so nothing here touches the real dist/),
 * then checked against the real tsconfig: it must watch exactly the files tsc compiles.
 */
const repo = path.resolve(__dirname, '../..');
let project: string;

function write(file: string, text: string) {
  fs.mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
  fs.writeFileSync(path.join(project, file), text);
}

function ensureBuilt(...args: string[]) {
  const result = spawnSync(process.execPath, [path.join(project, 'bin/ensure-built.js'), ...args], { cwd: project, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-ensure-built-'));
  write('bin/ensure-built.js', fs.readFileSync(path.join(repo, 'bin/ensure-built.js'), 'utf8'));
  fs.symlinkSync(path.join(repo, 'node_modules'), path.join(project, 'node_modules'), 'dir');
  write('tsconfig.json', JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, outDir: 'dist', rootDir: '.', types: [] }, include: ['scripts', 'src'] }));
  write('tsconfig.build.json', JSON.stringify({ extends: './tsconfig.json', compilerOptions: { incremental: true, tsBuildInfoFile: 'dist/.tsbuildinfo' }, exclude: ['node_modules', 'dist', '**/*.test.ts'] }));
  write('scripts/trellis.ts', "import { answer } from '../src/a';\nexport const value: number = answer;\n");
  write('src/a.ts', 'export const answer = 42;\n');
  write('src/a.test.ts', 'export const notBuilt = 1;\n');
});

afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

describe('bin/ensure-built.js', () => {
  it('builds on the first run, then not again while nothing changed; stdout stays empty', () => {
    const first = ensureBuilt();
    expect(first).toMatchObject({ code: 0, stdout: '' });
    expect(first.stderr).toContain('building the TypeScript (first run)');
    expect(fs.existsSync(path.join(project, 'dist/scripts/trellis.js'))).toBe(true);
    expect(fs.existsSync(path.join(project, 'dist/src/a.test.js'))).toBe(false);

    expect(ensureBuilt()).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(ensureBuilt('--check').code).toBe(0);
  });

  it('does not rebuild for a test file, nor for a source touched without a change', () => {
    write('src/a.test.ts', 'export const notBuilt = 2;\n');
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(path.join(project, 'src/a.ts'), later, later);
    expect(ensureBuilt()).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('rebuilds when a source changes or a new one appears', () => {
    write('src/a.ts', 'export const answer = 43;\n');
    expect(ensureBuilt('--check').code).toBe(1);
    const changed = ensureBuilt();
    expect(changed.code).toBe(0);
    expect(changed.stderr).toContain('the sources changed since the last build');
    expect(fs.readFileSync(path.join(project, 'dist/src/a.js'), 'utf8')).toContain('43');

    write('src/b.ts', 'export const b = 1;\n');
    expect(ensureBuilt().stderr).toContain('building');
    expect(fs.existsSync(path.join(project, 'dist/src/b.js'))).toBe(true);
  });

  it('fails on a type error, with tsc’s report on stderr and nothing on stdout, and tries again next time', () => {
    write('src/a.ts', 'export const answer: string = 42;\n');
    const broken = ensureBuilt();
    expect(broken.code).toBe(1);
    expect(broken.stdout).toBe('');
    expect(broken.stderr).toMatch(/error TS2322/);
    expect(broken.stderr).toContain('the build failed');
    expect(ensureBuilt('--check').code).toBe(1);

    // At install it warns and lets the install finish.
    const atInstall = ensureBuilt('--if-possible');
    expect(atInstall.code).toBe(0);
    expect(atInstall.stderr).toContain('tried again at the first start');

    write('src/a.ts', 'export const answer = 44;\n');
    expect(ensureBuilt().code).toBe(0);
    expect(ensureBuilt()).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('--force builds even when up to date; an unknown option is refused', () => {
    expect(ensureBuilt('--force').stderr).toContain('building the TypeScript (asked for)');
    expect(ensureBuilt('--frobnicate').code).toBe(2);
  });

  it('watches exactly the files the real build compiles', () => {
    const { sourceFiles } = require(path.join(repo, 'bin/ensure-built.js')) as { sourceFiles(): string[] };
    const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--listFilesOnly'], { cwd: repo, encoding: 'utf8' });
    expect(tsc.status).toBe(0);
    const compiled = tsc.stdout
      .split('\n')
      .map((f) => f.trim())
      .filter((f) => f && !f.includes('/node_modules/'))
      .map((f) => path.relative(repo, f))
      .sort();
    expect(compiled.length).toBeGreaterThan(100);
    expect(sourceFiles()).toEqual(compiled);
  });
});
