import { badInput, trellisError } from '../errors';
import { codePointLength } from '../text/code-points';
import { hasVisibleCharacter } from '../text/visible-text';

/** Longest reason kept in a ledger entry, in characters; longer material belongs in evidence or a linked document. */
export const MAX_REASON_LENGTH = 2000;

/**
 * A reason is real text, refused before anything is touched: at least one visible character
 * (a letter, digit, punctuation mark or symbol — not only spaces, zero-width or other invisible
 * characters), at most {@link MAX_REASON_LENGTH} characters. `field` names the argument it came from.
 */
export function requireReason(reason: string | null | undefined, field = 'reason'): string {
  const trimmed = reason?.trim() ?? '';
  if (!hasVisibleCharacter(trimmed)) {
    throw trellisError('REASON_REQUIRED', `${field}: every change needs a reason a person can read: say why in \`${field}\` (blank or invisible characters only are not a reason).`, { field });
  }
  const length = codePointLength(trimmed);
  if (length > MAX_REASON_LENGTH) {
    throw badInput(field, `at most ${MAX_REASON_LENGTH} characters, not ${length}; keep the reason short and put longer material in evidence or a linked document.`);
  }
  return trimmed;
}

/** An optional reason: none, or only invisible characters, gives `fallback`; anything else must be a reason. */
export function optionalReason(reason: string | null | undefined, fallback: string, field = 'reason'): string {
  return hasVisibleCharacter(reason ?? '') ? requireReason(reason, field) : fallback;
}
