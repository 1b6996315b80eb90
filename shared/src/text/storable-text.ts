/**
 * Whether a string survives a trip through PostgreSQL unchanged. A UTF-8 database stores every
 * Unicode scalar value except U+0000 (`text` refuses it, `jsonb` refuses `\u0000`). A lone UTF-16
 * surrogate is no scalar value at all: the driver encodes it as U+FFFD, so what comes back is not
 * what was sent — and a hash computed over what was sent never matches the stored row again.
 */
export interface UnstorableCharacter {
  kind: 'nul' | 'lone-surrogate';
  /** 1-based position, counted in UTF-16 code units as JavaScript counts them. */
  position: number;
  codeUnit: number;
}

const MAYBE_UNSTORABLE = /[\u0000\ud800-\udfff]/;

export function findUnstorableCharacter(value: string): UnstorableCharacter | null {
  // Almost every string has neither: one native scan answers for them.
  if (!MAYBE_UNSTORABLE.test(value)) return null;
  for (let i = 0; i < value.length; i += 1) {
    const unit = value.charCodeAt(i);
    if (unit === 0) return { kind: 'nul', position: i + 1, codeUnit: unit };
    if (unit < 0xd800 || unit > 0xdfff) continue;
    const next = i + 1 < value.length ? value.charCodeAt(i + 1) : -1;
    if (unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      i += 1; // a well-formed pair: one astral character
      continue;
    }
    return { kind: 'lone-surrogate', position: i + 1, codeUnit: unit };
  }
  return null;
}

const hex = (unit: number) => `U+${unit.toString(16).toUpperCase().padStart(4, '0')}`;

/** What to tell the caller, without echoing the value. */
export function describeUnstorable(found: UnstorableCharacter): string {
  return found.kind === 'nul'
    ? `contains the NUL character (U+0000) at position ${found.position}, which cannot be stored; remove it.`
    : `contains a lone UTF-16 surrogate (${hex(found.codeUnit)}) at position ${found.position}, which is not Unicode text and cannot be stored unchanged; send well-formed UTF-16.`;
}
