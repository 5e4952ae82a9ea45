/** Characters that render as nothing or as a plain space but defeat matching and splitting. */
const invisible = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;
const oddSpaces = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]/g;
const controls = /[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f]/g;

/**
 * Unicode NFC, one kind of space, no invisible or control characters, `\n` line ends.
 * Keeps line structure; callers decide what a paragraph is.
 */
export function normalizeText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .normalize('NFC')
    .replace(invisible, '')
    .replace(oddSpaces, ' ')
    .replace(controls, '')
    .replace(/[ ]{2,}/g, ' ');
}

/** Collapses all whitespace to single spaces and trims: for titles and one-line fields. */
export function singleLine(text: string): string {
  return normalizeText(text).replace(/\s+/g, ' ').trim();
}

/** Lowercased letter-or-digit words: the unit of hashing and overlap (not of display). */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}
