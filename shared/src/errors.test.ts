import fs from 'node:fs';
import path from 'node:path';
import { ErrorCodes } from './errors';

/**
 * Every error code the code base can put in front of a client is registered, with a description:
 * codes are public API, so one that slips in unregistered is a defect. Found by reading the source.
 */
const ROOT = path.resolve(__dirname, '../..');
const SOURCES = ['gateway', 'shared', 'subgraphs', 'scripts', 'examples'];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'dist' ? [] : sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

const files = SOURCES.flatMap((dir) => sourceFiles(path.join(ROOT, dir))).map((file) => ({ file: path.relative(ROOT, file), text: fs.readFileSync(file, 'utf8') }));

/** Where a code is written: `code: 'X'`, `trellisError('X'`, `jsonError(res, 400, 'X'`, `'X' satisfies ErrorCode`. */
const PATTERNS = [
  /\bcode:\s*'([A-Z][A-Z0-9_]+)'/g,
  /\btrellisError\(\s*'([A-Z][A-Z0-9_]+)'/g,
  /\bjsonError\([^,]+,\s*\d+,\s*'([A-Z][A-Z0-9_]+)'/g,
  /'([A-Z][A-Z0-9_]+)'\s+satisfies\s+ErrorCode/g,
];

describe('the error registry', () => {
  it('holds every code the code base emits', () => {
    const emitted = new Map<string, string>();
    const notCodes = new Set(['ASC', 'DESC']); // TypeORM's `order: { code: 'ASC' }`
    for (const { file, text } of files) {
      for (const pattern of PATTERNS) for (const [, code] of text.matchAll(pattern)) if (!notCodes.has(code!)) emitted.set(code!, file);
    }
    expect(emitted.size).toBeGreaterThan(15);
    const unregistered = [...emitted].filter(([code]) => !(code in ErrorCodes)).map(([code, file]) => `${code} (${file})`);
    expect(unregistered).toEqual([]);
  });

  it('is the only place client-facing GraphQL errors are built', () => {
    const builders = files.filter(({ file, text }) => file !== path.join('shared', 'src', 'errors.ts') && /new GraphQLError\(/.test(text)).map((f) => f.file);
    expect(builders).toEqual([]);
  });

  it('describes every code', () => {
    for (const [code, description] of Object.entries(ErrorCodes)) expect(`${code}: ${description.trim().length > 20}`).toBe(`${code}: true`);
  });
});
