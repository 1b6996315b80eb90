import { Client } from 'pg';
import { databaseFailure } from '../shared/src/db/database-failure';
import { sweepBreaches } from '../subgraphs/partners/src/breach/breach-sweep';
import { Stack } from './support/stack';

/**
 * The breach sweep runs on every partners instance and may die half-way: an overdue cure climbs
 * exactly one escalation level — with one ledger entry — however many sweeps run at once, and a
 * sweep that died leaves nothing behind for the next one to do twice.
 */
let stack: Stack;
const db = () => stack.subgraphs.partners.dataSource;

beforeAll(async () => {
  stack = await Stack.start();
});
afterAll(async () => {
  await stack?.stop();
});

it('after a sweep dies half-way, the next sweeps (two at once) escalate each overdue breach once, with one entry each', async () => {
  const [overdue]: [{ id: string; partner_id: string; escalation_level: number }[], number] = await db().query(
    "UPDATE breach SET cure_due_at = now() - interval '1 hour' WHERE status = 'OPEN' RETURNING id, partner_id, escalation_level",
  );
  expect(overdue.length).toBeGreaterThan(0);
  const ids = overdue.map((b) => b.id);
  const levels = async () => new Map(((await db().query('SELECT id, escalation_level FROM breach WHERE id = ANY($1)', [ids])) as { id: string; escalation_level: number }[]).map((b) => [b.id, b.escalation_level]));
  const entries = async () =>
    new Map(
      ((await db().query("SELECT subject_id, count(*)::int AS n FROM ledger_entry WHERE action = 'breach.escalate' AND subject_id = ANY($1) GROUP BY subject_id", [ids])) as { subject_id: string; n: number }[]).map(
        (r) => [r.subject_id, r.n],
      ),
    );
  const levelsBefore = await levels();
  const entriesBefore = await entries();

  // The sweep escalates the breaches, then takes each partner's row to let its status follow: hold
  // one partner, so the sweep stops there with its escalations made but not committed…
  const holder = new Client({ connectionString: stack.databaseUrl('partners') });
  await holder.connect();
  try {
    await holder.query('BEGIN');
    await holder.query('SELECT 1 FROM partner WHERE id = $1 FOR UPDATE', [overdue[0]!.partner_id]);
    const [{ pid: holderPid }] = (await holder.query('SELECT pg_backend_pid() AS pid')).rows;
    const sweep = sweepBreaches(db());
    const sweeper = await waitFor(async () => (await holder.query('SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [holderPid])).rows[0]?.pid as number | undefined);
    // …and kill it there, as a crash of its process would.
    await holder.query('SELECT pg_terminate_backend($1)', [sweeper]);
    expect(databaseFailure(await sweep.then(() => null, (error: unknown) => error))).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
  } finally {
    await holder.query('ROLLBACK');
    await holder.end();
  }
  expect(await levels()).toEqual(levelsBefore);
  expect(await entries()).toEqual(entriesBefore);

  const changes = await Promise.all([sweepBreaches(db()), sweepBreaches(db())]);
  expect(changes.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(ids.length);
  const after = await levels();
  const entriesAfter = await entries();
  for (const b of overdue) {
    expect({ breach: b.id, level: after.get(b.id) }).toEqual({ breach: b.id, level: b.escalation_level + 1 });
    expect({ breach: b.id, entries: entriesAfter.get(b.id) ?? 0 }).toEqual({ breach: b.id, entries: (entriesBefore.get(b.id) ?? 0) + 1 });
  }
  // The new deadline lies ahead: a sweep right after escalates nothing more.
  expect(await sweepBreaches(db())).toBe(0);
  expect((await stack.query('{ partnerLedger { verify { ok } } }')).data.partnerLedger.verify.ok).toBe(true);
});

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('not found in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
