/**
 * Whether a text has at least one character a reader can see: a letter, digit, punctuation mark or
 * symbol (Unicode categories L, N, P, S). Whitespace, zero-width and other format characters
 * (U+200B, U+200E/F, U+FEFF …), controls, combining marks on their own, private-use and unassigned
 * code points are not enough — nor are the few letters and symbols that render as blank space
 * (the Hangul fillers and the blank Braille pattern), a known way to fake a "filled-in" field.
 */
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/gu;
const BLANK_LOOKING = new Set([0x115f, 0x1160, 0x3164, 0xffa0, 0x2800]);

export function hasVisibleCharacter(value: string): boolean {
  for (const match of value.matchAll(VISIBLE)) {
    if (!BLANK_LOOKING.has(match[0].codePointAt(0)!)) return true;
  }
  return false;
}
