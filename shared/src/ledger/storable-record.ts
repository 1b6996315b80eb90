import { badInput, isUuid, trellisError } from '../errors';
import { describeUnstorable, findUnstorableCharacter } from '../text/storable-text';
import { hasVisibleCharacter } from '../text/visible-text';
import { toStoredJson } from './stored-json';

interface Actor {
  subject: string;
  roles: string[];
  onBehalfOf?: string | null;
}

interface Record {
  action: string;
  subject: { type: string; id: string; brandId?: string | null; capability?: string | null };
  before?: unknown;
  after?: unknown;
  reason: string;
  evidence?: unknown;
}

/** Everything of one entry that is stored and hashed, exactly as PostgreSQL will give it back. */
export interface StorableRecord {
  actor: { subject: string; roles: string[]; onBehalfOf: string | null };
  action: string;
  subject: { type: string; id: string; brandId: string | null; capability: string | null };
  before: unknown;
  after: unknown;
  reason: string;
  evidence: unknown;
  requestId: string | null;
}

/**
 * Checks one ledger record before it is hashed: a reason with something visible in it, and every
 * string and JSON value storable unchanged (no NUL, no lone surrogate, no NaN …; see
 * `toStoredJson`). What comes out is what the row will hold, so the hash computed over it is the
 * hash anyone recomputes from the row. Anything else is refused naming the part — nothing
 * unhashable is ever appended.
 */
export function toStorableRecord(actor: Actor, requestId: string | null, record: Record): StorableRecord {
  const text = (field: string, value: string): string => {
    if (typeof value !== 'string') throw badInput(field, 'must be a string.');
    const bad = findUnstorableCharacter(value);
    if (bad) throw badInput(field, describeUnstorable(bad));
    return value;
  };
  const optionalText = (field: string, value: string | null | undefined) => (value === null || value === undefined ? null : text(field, value));
  const json = (field: string, value: unknown) => {
    const result = toStoredJson(value, field);
    if (!result.ok) throw badInput(result.path, result.message);
    return result.value;
  };

  const reason = text('reason', record.reason ?? '').trim();
  if (!hasVisibleCharacter(reason)) {
    throw trellisError('REASON_REQUIRED', 'Every change needs a reason a person can read: say why in `reason`.', { field: 'reason' });
  }
  const brandId = record.subject.brandId ?? null;
  // The column is a uuid: PostgreSQL gives it back lower-case, and refuses anything that is not one.
  if (brandId !== null && !isUuid(brandId)) throw badInput('subject.brandId', 'must be an id (a UUID).');
  return {
    actor: {
      subject: text('actor.subject', actor.subject),
      roles: actor.roles.map((role, i) => text(`actor.roles[${i}]`, role)),
      onBehalfOf: optionalText('actor.onBehalfOf', actor.onBehalfOf),
    },
    action: text('action', record.action),
    subject: {
      type: text('subject.type', record.subject.type),
      id: text('subject.id', record.subject.id),
      brandId: brandId?.toLowerCase() ?? null,
      capability: optionalText('subject.capability', record.subject.capability),
    },
    before: json('before', record.before),
    after: json('after', record.after),
    reason,
    evidence: json('evidence', record.evidence),
    requestId: optionalText('requestId', requestId),
  };
}
