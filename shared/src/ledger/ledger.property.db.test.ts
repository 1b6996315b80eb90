import type { GraphQLError } from 'graphql';
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { createDataSource } from '../db/data-source';
import { ensureDatabase } from '../db/ensure-database';
import { LedgerEntryEntity } from './ledger-entry.entity';
import { appendEntries, verifyLedger, type LedgerActor, type LedgerRecord } from './ledger';
import { createLedgerTable, dropLedgerTable } from './ledger.migration';
import { testDatabaseUrl } from '../../../test/support/test-database';

/**
 * Property: whatever `appendEntries` accepts, PostgreSQL gives back exactly as it was hashed, so
 * the chain verifies; whatever cannot make the trip is refused with BAD_USER_INPUT and leaves the
 * chain as it was. Random Unicode and JSON, from a seeded generator (the seed is printed on failure).
 */
class LedgerOnly1763790000000 implements MigrationInterface {
  name = 'LedgerOnly1763790000000';
  up = (q: QueryRunner) => createLedgerTable(q);
  down = (q: QueryRunner) => dropLedgerTable(q);
}

/** mulberry32: a few lines, good enough to explore inputs, and repeatable from its seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick };
}
type Random = ReturnType<typeof prng>;

/** Characters that have broken text pipelines before, plus random code points from every plane. */
const TRICKY = [
  'a', 'Z', '0', ' ', '\t', '\n', '\r', '"', '\\', '/', '\u0001', '\u007f', '\u0085', '\u00a0', 'é', 'e\u0301', '\u0308',
  '\u200b', '\u200c', '\u200d', '\u200e', '\u200f', '\u202e', '\u2066', '\u2028', '\u2029', '\u2060', '\ufeff', '\ufffd',
  '\uffff', '\ufffe', '中', 'ا', 'ש', '😀', '👩‍👩‍👧', '🏳️‍🌈', '𝄞', '\u{10ffff}', '{', '}', ',', "'", '\u3164',
];

function randomString(r: Random, max = 24): string {
  let s = '';
  const length = r.int(max + 1);
  for (let i = 0; i < length; i += 1) {
    const kind = r.int(4);
    if (kind === 0) s += r.pick(TRICKY);
    else if (kind === 1) s += String.fromCodePoint(r.int(0x80));
    else if (kind === 2) s += String.fromCodePoint(0x80 + r.int(0xd800 - 0x80));
    else s += String.fromCodePoint(r.pick([0xe000 + r.int(0x2000), 0x10000 + r.int(0x100000)]));
  }
  return s.replace(/\u0000/g, '0');
}

function randomNumber(r: Random): number {
  const magnitude = 10 ** (r.int(616) - 308); // up to 1e307: a larger one is Infinity, which JSON cannot hold
  return r.pick([
    0, -0, 1, -1, 0.1, 0.2 + 0.1, 1e21, 1e-7, 2 ** 53, 2 ** 53 + 2, -(2 ** 63), Number.MAX_VALUE, Number.MIN_VALUE, Number.EPSILON,
    (r.next() - 0.5) * magnitude, r.int(2 ** 31) - 2 ** 30, r.next(),
  ]);
}

function randomJson(r: Random, depth = 0): unknown {
  const kind = r.int(depth > 4 ? 4 : 7);
  if (kind === 0) return null;
  if (kind === 1) return r.next() < 0.5;
  if (kind === 2) return randomNumber(r);
  if (kind === 3) return randomString(r);
  if (kind === 4) return Array.from({ length: r.int(5) }, () => randomJson(r, depth + 1));
  const object: Record<string, unknown> = {};
  for (let i = r.int(5); i > 0; i -= 1) {
    const key = r.pick(['', 'a', 'A', 'key', '__proto__', 'constructor', 'ключ', '😀', '\u2028', 'e\u0301', '1', '10', '2', randomString(r, 6)]);
    Object.defineProperty(object, key, { value: randomJson(r, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return object;
}

function randomRecord(r: Random): LedgerRecord {
  return {
    action: r.pick(['stock.adjust', 'x', randomString(r, 8) || 'a']),
    subject: { type: randomString(r, 8) || 'T', id: randomString(r, 12) || 'id', brandId: r.next() < 0.5 ? null : '40732F66-C410-58B7-B958-20263006CA35', capability: r.next() < 0.5 ? null : randomString(r, 8) },
    before: r.next() < 0.2 ? undefined : randomJson(r),
    after: randomJson(r),
    reason: `${randomString(r, 40)}R${randomString(r, 40)}`,
    evidence: r.next() < 0.5 ? undefined : randomJson(r),
  };
}

const randomActor = (r: Random): LedgerActor => ({
  subject: randomString(r, 10) || 's',
  roles: Array.from({ length: r.int(3) }, () => randomString(r, 6)),
  onBehalfOf: r.next() < 0.5 ? null : randomString(r, 10),
});

/** Puts one unstorable thing somewhere in a record: a lone surrogate or NUL, in a string or a key. */
function poisoned(r: Random, record: LedgerRecord): LedgerRecord {
  const bad = r.pick(['\ud800', '\udbff', '\udc00', '\udfff', '\u0000', 'x\ud83d', '\ude00y']);
  const at = (s: string) => {
    const i = r.int(s.length + 1);
    return s.slice(0, i) + bad + s.slice(i);
  };
  switch (r.int(6)) {
    case 0:
      return { ...record, reason: at(record.reason) };
    case 1:
      return { ...record, after: { deep: [{ text: at('note') }] } };
    case 2:
      return { ...record, before: { [at('key')]: 1 } };
    case 3:
      return { ...record, evidence: [at('')] };
    case 4:
      return { ...record, subject: { ...record.subject, id: at(record.subject.id) } };
    default:
      return { ...record, after: r.pick([NaN, Infinity, -Infinity]) };
  }
}

let dataSource: DataSource;

beforeAll(async () => {
  const url = testDatabaseUrl('ledger_property');
  await ensureDatabase(url);
  dataSource = createDataSource({ url, entities: [LedgerEntryEntity], migrations: [LedgerOnly1763790000000], poolSize: 2 });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
});

afterAll(async () => {
  await dataSource?.destroy();
});

const SEED = Number(process.env.LEDGER_PROPERTY_SEED ?? Date.now() % 2 ** 31);
const ROUNDS = 150;

it(`stores every accepted entry exactly as hashed, and refuses what cannot make the trip (seed ${SEED})`, async () => {
  const r = prng(SEED);
  let appended = 0;
  let refused = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    const records = Array.from({ length: 1 + r.int(3) }, () => randomRecord(r));
    const poison = r.next() < 0.3;
    if (poison) records[r.int(records.length)] = poisoned(r, records[r.int(records.length)]!);
    const attempt = dataSource.transaction((manager) => appendEntries(manager, randomActor(r), r.next() < 0.5 ? null : randomString(r, 12), records));
    if (poison) {
      const error = (await attempt.then(() => null, (e: unknown) => e)) as GraphQLError | null;
      expect({ round, seed: SEED, code: error?.extensions?.code }).toEqual({ round, seed: SEED, code: 'BAD_USER_INPUT' });
      refused += 1;
    } else {
      const rows = await attempt;
      appended += rows.length;
      // Reading back gives what was hashed: compare whole rows, not only the hash.
      const stored = await dataSource.getRepository(LedgerEntryEntity).findBy(rows.map((row) => ({ seq: row.seq })));
      expect({ round, seed: SEED, rows: stored.sort((a, b) => a.seq - b.seq).map((row) => ({ ...row })) }).toEqual({ round, seed: SEED, rows: rows.map((row) => ({ ...row })) });
    }
  }
  expect(refused).toBeGreaterThan(0);
  expect(await verifyLedger(dataSource.manager)).toMatchObject({ ok: true, checkedEntries: appended, firstBrokenSeq: null });
});

it('keeps the values that trip up JSON stacks exactly', async () => {
  const awkward = {
    numbers: [-0, 1e21, 1e-7, 5e-324, Number.MAX_VALUE, -Number.MAX_VALUE, 2 ** 53 + 2, 123456789.12345679, 0.1 + 0.2],
    strings: ['\u2028\u2029', 'e\u0301', '\u202eRTL', '👩‍👩‍👧', '\u{10ffff}', '\ufeff', '"\\/'],
    keys: JSON.parse('{"__proto__": 1, "": 2, "😀": 3, "10": 4, "9": 5}'),
    deep: JSON.parse(`${'['.repeat(60)}1${']'.repeat(60)}`),
    top: 'a string at the top',
  };
  await dataSource.transaction((manager) =>
    appendEntries(manager, { subject: 'awkward', roles: [] }, null, [
      { action: 'a', subject: { type: 'T', id: '1' }, after: awkward, reason: 'values' },
      { action: 'a', subject: { type: 'T', id: '2' }, before: 'true', after: '"quoted"', evidence: 0, reason: 'top-level scalars' },
      { action: 'a', subject: { type: 'T', id: '3' }, before: false, after: [], evidence: {}, reason: 'empty ones' },
    ]),
  );
  expect(await verifyLedger(dataSource.manager)).toMatchObject({ ok: true, firstBrokenSeq: null });
});
