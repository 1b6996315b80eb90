import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { insertAsJson } from '../db/insert-as-json';
import { simpleQueryIn } from '../db/prepared-query';
import { entryHash, GENESIS_HASH } from './hash';
import { hashedPart, LedgerEntryEntity } from './ledger-entry.entity';
import { toStorableRecord } from './storable-record';

export { optionalReason, requireReason, MAX_REASON_LENGTH } from './reason';

export interface LedgerActor {
  subject: string;
  roles: string[];
  onBehalfOf?: string | null;
}

/** What domain code says about a change; the ledger adds sequence, time, actor, request and hashes. */
export interface LedgerRecord {
  action: string;
  subject: { type: string; id: string; brandId?: string | null; capability?: string | null };
  before?: unknown;
  after?: unknown;
  reason: string;
  evidence?: unknown;
}

export const SEED_ACTOR: LedgerActor = { subject: 'system:seed', roles: [] };

/** All appends of one database take this lock, so concurrent writers never fork the chain. */
const LEDGER_LOCK = "SELECT pg_advisory_xact_lock(hashtext('trellis.ledger'))";

const LEDGER_HEAD = 'SELECT seq, hash, occurred_at FROM ledger_entry ORDER BY seq DESC LIMIT 1';

/**
 * The append lock and the chain's head, as statements a caller sends in one simple-protocol message
 * after its own (see `lockAndReadHead`): under READ COMMITTED each statement has its own snapshot,
 * so the head is read once the lock is held. A writer that takes other locks takes them first.
 */
export const LEDGER_LOCK_AND_HEAD = `${LEDGER_LOCK}; ${LEDGER_HEAD}`;

export interface LedgerHead {
  seq: string | number;
  hash: string;
  occurred_at: Date | string;
}

/**
 * Takes the append lock and reads the head of the chain in one round trip: both statements go in
 * one simple-protocol message. Under READ COMMITTED each statement takes its own snapshot, so the
 * head is read once the lock is held and includes every append committed before. (The lock is
 * held until the caller's transaction ends, so a round trip less is time every other writer of
 * this database waits less.)
 */
async function lockAndReadHead(manager: EntityManager): Promise<LedgerHead | undefined> {
  if (!manager.queryRunner) {
    await manager.query(LEDGER_LOCK);
    return ((await manager.query(LEDGER_HEAD)) as LedgerHead[])[0];
  }
  const [, head] = await simpleQueryIn(manager, LEDGER_LOCK_AND_HEAD);
  return head?.[0] as LedgerHead | undefined;
}

const appendObservers = new WeakMap<DataSource, (seconds: number, entries: number) => void>();

/** Tells `observer` how long each append to the data source's ledger took, lock wait included (metrics). */
export function observeLedgerAppends(dataSource: DataSource, observer: (seconds: number, entries: number) => void): void {
  appendObservers.set(dataSource, observer);
}

/**
 * Appends entries to the chain inside the caller's transaction. The lock is held until that
 * transaction ends, so the entries and the change they record commit together or not at all.
 */
export function appendEntries(manager: EntityManager, actor: LedgerActor, requestId: string | null, records: readonly LedgerRecord[]): Promise<LedgerEntryEntity[]> {
  return appendActorEntries(
    manager,
    records.map((record) => ({ actor, requestId, record })),
  );
}

/** One entry to append, with who acted and under which request (entries of one append may differ). */
export interface LedgerAppend {
  actor: LedgerActor;
  requestId: string | null;
  record: LedgerRecord;
}

/** `appendEntries` for entries of different actors or requests (changes of several requests committed together). */
export async function appendActorEntries(manager: EntityManager, entries: readonly LedgerAppend[]): Promise<LedgerEntryEntity[]> {
  if (entries.length === 0) return [];
  // Every record is checked before the lock is taken: one unstorable record refuses them all.
  const storable = storableEntries(entries);
  const started = performance.now();
  const rows = chainedRows(await lockAndReadHead(manager), storable);
  // One statement for all of the transaction's entries, the rows as one JSON parameter: the lock
  // is held for one round trip, and no INSERT is built row by row.
  await insertAsJson(manager, LedgerEntryEntity, rows);
  noteAppend(manager.connection, started, rows.length);
  return rows;
}

/** The entries as they will be stored; refused (before anything is locked) if one cannot be. */
export function storableEntries(entries: readonly LedgerAppend[]): StorableEntry[] {
  return entries.map(({ actor, requestId, record }) => toStorableRecord(actor, requestId, record));
}

type StorableEntry = ReturnType<typeof toStorableRecord>;

/**
 * The rows that continue the chain after `head` (read under the append lock): each with the next
 * sequence number, the previous row's hash, and its own. Time never runs backwards along the
 * chain, even if clocks do.
 */
export function chainedRows(head: LedgerHead | undefined, storable: readonly StorableEntry[]): LedgerEntryEntity[] {
  let seq = head ? Number(head.seq) : 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  const occurredAt = new Date(Math.max(Date.now(), head ? new Date(head.occurred_at).getTime() : 0));
  return storable.map((entry) => {
    const row = Object.assign(new LedgerEntryEntity(), {
      seq: (seq += 1),
      id: randomUUID(),
      occurredAt,
      actorSubject: entry.actor.subject,
      actorRoles: entry.actor.roles,
      actorOnBehalfOf: entry.actor.onBehalfOf,
      action: entry.action,
      subjectType: entry.subject.type,
      subjectId: entry.subject.id,
      brandId: entry.subject.brandId,
      capability: entry.subject.capability,
      before: entry.before,
      after: entry.after,
      reason: entry.reason,
      evidence: entry.evidence,
      requestId: entry.requestId,
      prevHash,
    });
    row.hash = entryHash(prevHash, hashedPart(row));
    prevHash = row.hash;
    return row;
  });
}

/** Tells the data source's append observer (metrics) that `entries` were appended, the lock taken at `started`. */
export function noteAppend(dataSource: DataSource, started: number, entries: number): void {
  appendObservers.get(dataSource)?.((performance.now() - started) / 1000, entries);
}


/**
 * The audit contract of one request (or one background job): who is acting, under which request
 * id, and — while a mutation runs — which `@audited` action it declared, how many entries it
 * recorded, and whether it was an idempotent replay that rightly records nothing. The subgraph
 * enforcement opens and closes a mutation around its resolver; domain code only calls
 * `audited(...)`, and `markReplay()` when it answers a repeat of an earlier request.
 */
export class AuditTrail {
  private current?: { action: string; coordinate: string; recorded: number; replay: boolean };

  constructor(
    readonly actor: LedgerActor,
    readonly requestId: string | null,
  ) {}

  /** The trail of a verified caller's request. */
  static of(principal: Principal, requestId: string): AuditTrail {
    return new AuditTrail(actorOf(principal), requestId);
  }

  /** The trail of work no caller asked for (sweeps, start-up registration): the actor is named explicitly. */
  static system(subject: string, requestId: string | null = null): AuditTrail {
    return new AuditTrail({ subject, roles: [], onBehalfOf: null }, requestId);
  }

  /** The action declared by the mutation being executed, if any. */
  get action(): string | undefined {
    return this.current?.action;
  }

  /**
   * Runs one `@audited(action:)` mutation: the entries `audited()` records while it runs default to
   * that action, and a mutation that records nothing (and was not a replay) is a defect.
   */
  async mutation<T>(action: string, coordinate: string, run: () => Promise<T>): Promise<T> {
    // Mutations of one request run one after another, so one slot is enough.
    this.current = { action, coordinate, recorded: 0, replay: false };
    try {
      const result = await run();
      if (this.current.recorded === 0 && !this.current.replay) {
        throw new Error(`${coordinate} is @audited(action: "${action}") but wrote no ledger entry`);
      }
      return result;
    } finally {
      this.current = undefined;
    }
  }

  /** This request repeats an earlier one (same order reference, …): recording nothing new is right. */
  markReplay(): void {
    if (this.current) this.current.replay = true;
  }

  /** Called by `audited()` after its entries committed. */
  noteRecorded(count: number): void {
    if (this.current) this.current.recorded += count;
  }
}

/** What a change needs from its caller: who it is (for brand checks) and its audit trail. */
export interface AuditContext {
  principal: Principal;
  audit: AuditTrail;
}

export interface AuditedTransaction {
  manager: EntityManager;
  /** Queues a ledger entry; `action` defaults to the one the mutation declares with `@audited`. */
  record(entry: Omit<LedgerRecord, 'action'> & { action?: string }): void;
}

/**
 * The one way domain code changes data: `work` makes the change through `tx.manager` and describes
 * it with `tx.record(...)`; the entries are appended in the same transaction at the end. If the
 * change or the entry fails, neither is kept. A change that records nothing is a defect.
 *
 * Given an `EntityManager` already in a transaction (one that decided, under a lock, to make the
 * change), the change runs in a savepoint of it and commits with it.
 */
export async function audited<T>(dataSource: DataSource | EntityManager, context: { audit: AuditTrail }, work: (tx: AuditedTransaction) => Promise<T>): Promise<T> {
  const trail = context.audit;
  const declared = trail.action;
  let appended = 0;
  const result = await dataSource.transaction(async (manager) => {
    const queued: LedgerRecord[] = [];
    const value = await work({
      manager,
      record: (entry) => {
        const action = entry.action ?? declared;
        if (!action) throw new Error('A ledger entry needs an action: declare @audited(action:) on the mutation or pass one.');
        queued.push({ ...entry, action });
      },
    });
    if (queued.length === 0) throw new Error(`${declared ?? 'an audited change'} recorded no ledger entry`);
    appended = (await appendEntries(manager, trail.actor, trail.requestId, queued)).length;
    return value;
  });
  trail.noteRecorded(appended);
  return result;
}

export function actorOf(principal: Principal): LedgerActor {
  return { subject: principal.sub, roles: principal.roles, onBehalfOf: principal.onBehalfOf ?? null };
}

export interface Verification {
  ok: boolean;
  checkedEntries: number;
  firstBrokenSeq: number | null;
  headHash: string | null;
}

/**
 * Recomputes the whole chain from the rows: each entry must follow the previous one in sequence,
 * name its hash as `prevHash`, and hash to its own `hash`. The first entry where any of that fails
 * is where history was rewritten.
 */
export async function verifyLedger(manager: EntityManager, pageSize = 5000): Promise<Verification> {
  let prevHash = GENESIS_HASH;
  let prevSeq = 0;
  let checked = 0;
  for (;;) {
    const rows = await manager
      .getRepository(LedgerEntryEntity)
      .createQueryBuilder('e')
      .where('e.seq > :after', { after: prevSeq })
      .orderBy('e.seq', 'ASC')
      .limit(pageSize)
      .getMany();
    for (const row of rows) {
      const intact = row.seq === prevSeq + 1 && row.prevHash === prevHash && entryHash(prevHash, hashedPart(row)) === row.hash;
      if (!intact) return { ok: false, checkedEntries: checked + 1, firstBrokenSeq: row.seq, headHash: null };
      checked += 1;
      prevSeq = row.seq;
      prevHash = row.hash;
    }
    if (rows.length < pageSize) break;
  }
  return { ok: true, checkedEntries: checked, firstBrokenSeq: null, headHash: checked > 0 ? prevHash : null };
}
