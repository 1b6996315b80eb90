import path from 'node:path';
import { writesOnReadPaths } from './read-paths';

const ROOT = path.resolve(__dirname, '../..');
const FOLDERS = ['subgraphs', 'examples', 'shared/src'];

describe('no write path is reachable from a DataLoader, a query or a field resolver', () => {
  it('finds no ledger write, TypeORM write or writing SQL from any loader, @Query, @FieldResolver or reference resolver', () => {
    const found = writesOnReadPaths(ROOT, FOLDERS).map((w) => `${w.entry}${w.via.map((v) => ` → ${v}`).join('')}: ${w.write}`);
    expect(found).toEqual([]);
  });

  it('does find the writes of mutations, so the check can fail', () => {
    const found = writesOnReadPaths(ROOT, ['subgraphs/partners/src'], { entryDecorators: new Set(['Mutation']) });
    const entries = new Set(found.map((w) => w.entry.split(' (')[0]));
    for (const mutation of ['sweepBreaches', 'setPartnerStatus', 'recordPerformance', 'escalateBreach', 'createContract']) {
      expect(entries).toContain(`Mutation ${mutation}`);
    }
    expect(found.some((w) => w.write.startsWith('audited()'))).toBe(true);
    expect(found.some((w) => w.write.startsWith('appendEntries()'))).toBe(true);
    expect(found.some((w) => /^TypeORM (insert|update|save)\(\)/.test(w.write))).toBe(true);
  });
});
