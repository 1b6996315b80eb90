#!/usr/bin/env node
'use strict';
/**
 * Builds the TypeScript once, and again only when a source changed: plain JavaScript, so it runs
 * before anything is compiled (`npm start`, `npm run token|audit|trellis`, `npx trellis`, install).
 *
 * A fingerprint of every file `tsc -p tsconfig.build.json` compiles (its path and content), both
 * tsconfig files and the TypeScript version is kept in `dist/.build-stamp`; a run whose fingerprint
 * matches costs a few tens of milliseconds and compiles nothing. The build itself is incremental
 * (`dist/.tsbuildinfo`), so after a small edit only what it touches is checked again.
 *
 *   node bin/ensure-built.js              build if the sources changed since the last build
 *   node bin/ensure-built.js --force      build now (`npm run build`)
 *   node bin/ensure-built.js --if-possible  at install: build when TypeScript is installed, and
 *                                         never fail the install (a failed build is retried, and
 *                                         reported, at the first start)
 *   node bin/ensure-built.js --check      exit 0 when dist/ is up to date, 1 when not; builds nothing
 *
 * Everything it prints goes to stderr: stdout stays for the data of the command that follows it.
 * A tree with no TypeScript sources (the container image: dist/ only) is taken as built.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const STAMP = path.join(DIST, '.build-stamp');
const LOCK = path.join(DIST, '.build-lock');
const BUILD_CONFIG = 'tsconfig.build.json';
/** One compiled file that every build makes: a stamp without it is not trusted. */
const SENTINEL = path.join(DIST, 'scripts', 'trellis.js');
/** Where the compiled tree comes from: `include` of tsconfig.json, which tsconfig.build.json extends. */
const DEFAULT_INCLUDE = ['gateway', 'subgraphs', 'shared', 'scripts', 'test', 'examples', 'bench'];
/** What tsconfig.build.json leaves out: folders by name, and test files. */
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '__tests__']);
/** The web console: built by Vite, not tsc (its own tsconfig, fingerprint and stamp). */
const CONSOLE_SRC = 'gateway/console';
const CONSOLE_DIST = path.join(DIST, 'console');
const CONSOLE_STAMP = path.join(CONSOLE_DIST, '.build-stamp');
const CONSOLE_SENTINEL = path.join(CONSOLE_DIST, 'index.html');
const isSource = (name) => name.endsWith('.ts') && !name.endsWith('.test.ts');

function say(message) {
  process.stderr.write(`trellis: ${message}\n`);
}

function includedDirs() {
  try {
    const include = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8')).include;
    if (Array.isArray(include) && include.every((entry) => /^[\w-]+$/.test(entry))) return include;
  } catch {
    // fall back to the known layout
  }
  return DEFAULT_INCLUDE;
}

/** The TypeScript files the build compiles, relative to the root, sorted. */
function sourceFiles() {
  const files = [];
  const walk = (dir) => {
    let entries;
    try {
      entries = fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && rel !== CONSOLE_SRC) walk(rel);
      } else if (entry.isFile() && isSource(entry.name)) files.push(rel);
    }
  };
  for (const dir of includedDirs()) walk(dir);
  return files.sort();
}

/** Every file the console's build reads from the tree (its sources, page, config), relative to the root, sorted. */
function consoleFiles() {
  const files = [];
  const walk = (dir) => {
    let entries;
    try {
      entries = fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(rel);
      } else if (entry.isFile()) files.push(rel);
    }
  };
  walk(CONSOLE_SRC);
  return files.sort();
}

function packageVersion(name) {
  try {
    return JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`, { paths: [ROOT] }), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** The console's fingerprint: its files and the versions of what bundles and renders it. */
function consoleFingerprint(files = consoleFiles()) {
  const hash = crypto.createHash('sha256');
  for (const name of ['vite', 'react', 'graphiql', 'chart.js']) hash.update(`${name} ${packageVersion(name) ?? 'none'}\0`);
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(fs.readFileSync(path.join(ROOT, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** The console is up to date, or cannot be built here (no sources, or no Vite: a production install), which is not an error. */
function consoleUpToDate(files = consoleFiles()) {
  if (files.length === 0 || packageVersion('vite') === undefined) return true;
  try {
    return fs.existsSync(CONSOLE_SENTINEL) && fs.readFileSync(CONSOLE_STAMP, 'utf8').trim() === consoleFingerprint(files);
  } catch {
    return false;
  }
}

/** Bundles the console with Vite into dist/console; returns whether it succeeded. */
function buildConsole(reason) {
  const files = consoleFiles();
  const vite = path.join(path.dirname(require.resolve('vite/package.json', { paths: [ROOT] })), 'bin', 'vite.js');
  say(`building the console (${reason})…`);
  const started = Date.now();
  const result = spawnSync(process.execPath, [vite, 'build', '--config', `${CONSOLE_SRC}/vite.config.mts`], {
    cwd: ROOT,
    stdio: ['ignore', 2, 2],
    env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
  });
  if (result.status !== 0) {
    fs.rmSync(CONSOLE_STAMP, { force: true });
    say(`the console's build failed${result.error ? `: ${result.error.message}` : ''}; fix the errors above, or run \`npm run typecheck\``);
    return false;
  }
  fs.writeFileSync(CONSOLE_STAMP, `${consoleFingerprint(files)}\n`);
  say(`console built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}

function typescriptVersion() {
  try {
    return JSON.parse(fs.readFileSync(require.resolve('typescript/package.json', { paths: [ROOT] }), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** The fingerprint of what the build reads. */
function fingerprint(files = sourceFiles()) {
  const hash = crypto.createHash('sha256');
  hash.update(`typescript ${typescriptVersion() ?? 'none'}\0`);
  for (const file of ['tsconfig.json', BUILD_CONFIG, ...files]) {
    hash.update(`${file}\0`);
    try {
      hash.update(fs.readFileSync(path.join(ROOT, file)));
    } catch {
      hash.update('\0missing\0');
    }
    hash.update('\0');
  }
  return hash.digest('hex');
}

function readStamp() {
  try {
    return fs.readFileSync(STAMP, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** Up to date: the stamp matches the sources (or there are no sources to build from) and the output is there. */
function isUpToDate(files = sourceFiles()) {
  if (!consoleUpToDate()) return false;
  if (files.length === 0) return fs.existsSync(SENTINEL);
  return fs.existsSync(SENTINEL) && readStamp() === fingerprint(files);
}

function typescriptUpToDate(files) {
  if (files.length === 0) return fs.existsSync(SENTINEL);
  return fs.existsSync(SENTINEL) && readStamp() === fingerprint(files);
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** One build at a time: a second caller waits for the first, then finds the tree built. */
function withLock(fn) {
  fs.mkdirSync(DIST, { recursive: true });
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      fs.writeFileSync(path.join(LOCK, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      let owner = NaN;
      try {
        owner = Number(fs.readFileSync(path.join(LOCK, 'pid'), 'utf8'));
      } catch {
        // being created or removed
      }
      const stale = Number.isInteger(owner) && owner > 0 && !processAlive(owner);
      if (stale || Date.now() > deadline) fs.rmSync(LOCK, { recursive: true, force: true });
      else sleep(200);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

/**
 * Runs tsc on tsconfig.build.json. Its report goes to stderr. Returns whether it succeeded; on
 * success the stamp records the sources it compiled.
 */
function build(reason) {
  let tsc;
  try {
    tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
  } catch {
    say('cannot build: TypeScript is not installed (run `npm install`, which installs the dev dependencies)');
    return false;
  }
  const files = sourceFiles();
  say(`building the TypeScript (${reason})…`);
  const started = Date.now();
  // tsc reports on stdout: send it to stderr, so nothing but data reaches a pipe.
  const result = spawnSync(process.execPath, [tsc, '-p', BUILD_CONFIG], { cwd: ROOT, stdio: ['ignore', 2, 2] });
  if (result.status !== 0) {
    try {
      fs.rmSync(STAMP, { force: true });
    } catch {
      // nothing to remove
    }
    say(`the build failed${result.error ? `: ${result.error.message}` : ''}; fix the errors above, or run \`npm run typecheck\``);
    return false;
  }
  fs.writeFileSync(STAMP, `${fingerprint(files)}\n`);
  say(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}

/**
 * Makes sure dist/ matches the sources, building if it does not. Returns true when dist/ is ready.
 * `force` builds even when up to date.
 */
function ensureBuilt({ force = false } = {}) {
  if (!force && isUpToDate()) return true;
  return withLock(() => {
    const files = sourceFiles();
    if (!force && isUpToDate(files)) return true; // built by another process meanwhile
    if (files.length === 0 && !fs.existsSync(SENTINEL)) {
      say('there are no TypeScript sources here and no build in dist/');
      return false;
    }
    let ok = true;
    if (files.length > 0 && (force || !typescriptUpToDate(files))) {
      ok = build(force ? 'asked for' : fs.existsSync(STAMP) ? 'the sources changed since the last build' : 'first run');
    }
    if (ok && (force ? consoleFiles().length > 0 && packageVersion('vite') !== undefined : !consoleUpToDate())) {
      ok = buildConsole(force ? 'asked for' : fs.existsSync(CONSOLE_STAMP) ? 'its sources changed since the last build' : 'first run');
    }
    return ok;
  });
}

module.exports = { ensureBuilt, isUpToDate, sourceFiles, fingerprint, ROOT, DIST };

if (require.main === module) {
  const args = new Set(process.argv.slice(2));
  const known = new Set(['--force', '--if-possible', '--check']);
  const unknown = [...args].filter((a) => !known.has(a));
  if (unknown.length) {
    say(`ensure-built: unknown option ${unknown.join(' ')} (options: ${[...known].join(', ')})`);
    process.exit(2);
  }
  if (args.has('--check')) process.exit(isUpToDate() ? 0 : 1);
  if (args.has('--if-possible')) {
    // At install: a production install has no TypeScript (and dist/ comes from elsewhere); a failed
    // build must not fail `npm ci` — `npm test` type-checks and says what is wrong.
    if (typescriptVersion() === undefined) process.exit(0);
    try {
      if (!ensureBuilt()) say('the build at install failed; it is tried again at the first start');
    } catch (error) {
      say(`the build at install could not run (${error.message}); it is tried again at the first start`);
    }
    process.exit(0);
  }
  process.exit(ensureBuilt({ force: args.has('--force') }) ? 0 : 1);
}
