/**
 * Recognises what scraping leaves inside article text — datelines, bylines, time stamps,
 * photo credits, "Read more" links, navigation — so summaries quote reporting, not furniture.
 */

const place = String.raw`[\p{Lu}][\p{L}.'’-]*(?:\s+[\p{Lu}][\p{L}.'’-]*){0,3}`;
const agency = String.raw`\((?:CNN|AP|AFP|Reuters|UPI|The Hollywood Reporter|EW\.com|Mashable|CNNMoney|[\p{Lu}][\p{L}.&'’ ]{1,30})\)`;
const dash = String.raw`(?:--|[—–-])`;

const datelines: readonly RegExp[] = [
  // "KYIV (Reuters) — ", "Kathmandu, Nepal (CNN)", "(CNN) -- ", "(The Hollywood Reporter)"
  new RegExp(String.raw`^(?:${place}(?:,\s*${place})?\s*)?${agency}\s*(?:${dash}\s*)?`, 'u'),
  // "WASHINGTON — ", "KYIV, Ukraine -- "
  new RegExp(String.raw`^[\p{Lu}][\p{Lu} .'’-]{1,30}(?:,\s*[\p{Lu}][\p{L}.]*(?:\s+[\p{Lu}][\p{L}.]*)?)?\s*${dash}\s+`, 'u'),
];

/**
 * Removes a dateline from the start of a sentence, keeping the reporting after it.
 *
 * @example
 * stripDateline('KYIV (Reuters) — Talks resumed on Monday.') // 'Talks resumed on Monday.'
 */
export function stripDateline(sentence: string): string {
  for (const pattern of datelines) {
    const match = pattern.exec(sentence);
    if (match === null || match[0].length === 0) continue;
    const rest = sentence.slice(match[0].length).trimStart();
    // A dateline leaves a real sentence behind; "US (AP)" alone is not one.
    if (/^["“'‘]?[\p{Lu}\p{N}]/u.test(rest) && rest.split(/\s+/).length >= 4) return rest;
  }
  return sentence;
}

/** Links and buttons: only ever short lines. */
const navigationPatterns: readonly RegExp[] = [
  /^[←«‹<]*\s*(back|return)\s+to\b/i,
  /^(read|see|view|watch|click|load|show)\s+(more|full story|the full story|full article|all|next|previous|here|the video|video|related|this story)\b/i,
  /^(continue reading|scroll down|click here|related|advertisement|sponsored|share this|follow us|sign up|subscribe)\b/i,
];

const debrisPatterns: readonly RegExp[] = [
  /^\p{Lu}[\p{Lu} ]{1,14}:\s/u, // "THR: …", "READ MORE: …", "RELATED: …" link lines
  /\b(published|updated|last updated)\s*:?\s*\.?\s*\d{1,2}[:.]\d{2}\b/i,
  /^(last )?updated (at|on)\b/i,
  /\bcontributed (to )?(this )?report(ing)?\b/i,
  /\ball rights reserved\b/i,
  /^(copyright|©)/i,
  /\b(photo|image|picture|video)s?\s*(credit|copyright|courtesy)\b/i,
  /^\(?(photo|image|video|pictured|credit|source)\s*:/i,
  /^(getty images|ap photo|reuters|afp)\b[^.]{0,40}$/i,
  /^[Bb]y\s+(\.\s*)?[\p{Lu}][\p{L}'’.-]*(\s+[\p{Lu}][\p{L}'’.-]*){0,3}\s*(,\s*[\p{L} ]{1,30})?\s*\.?$/u,
  /^by\s*\.\s/i,
  /\b(e-?mail|tweet|share) (this|the) (story|article)\b/i,
  /^(this (story|article) (has been|was) (updated|corrected))/i,
  /^(do you have|got) a (story|tip)\b/i,
];

const dateWords = /\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?|mon(day)?|tue(sday)?|wed(nesday)?|thu(rsday)?|fri(day)?|sat(urday)?|sun(day)?|a\.?m|p\.?m|est|edt|gmt|bst|cet|cest|pst|pdt|utc|et|pt|updated|published|posted|last)\b/gi;

/** A time stamp ("14:11 EST, 25 October 2013 .") leaves nothing but digits and punctuation once dates are removed. */
function isTimeStamp(sentence: string): boolean {
  if (!/\d/.test(sentence) || sentence.length > 80) return false;
  return !/\p{L}/u.test(sentence.replace(dateWords, ''));
}

/** A photo caption label ("Pictured: …", "Retread: David Cameron with Samantha yesterday."). */
function isCaption(sentence: string, words: number): boolean {
  return words <= 12 && /^\p{Lu}\p{Ll}+(?: \p{Ll}+){0,2}:\s+\p{Lu}/u.test(sentence);
}

/**
 * True for a sentence that is page furniture rather than reporting.
 *
 * @example
 * isDebris('← Back to News') // true
 * isDebris('Officials met in Kyiv on Saturday.') // false
 */
export function isDebris(sentence: string): boolean {
  const trimmed = sentence.trim();
  if (trimmed.length === 0) return true;
  if (!/\p{L}{2}/u.test(trimmed)) return true;
  if (trimmed.length > 400) return false;
  if (trimmed.length <= 100 && navigationPatterns.some((pattern) => pattern.test(trimmed))) return true;
  if (isTimeStamp(trimmed) || isCaption(trimmed, wordCount(trimmed))) return true;
  return debrisPatterns.some((pattern) => pattern.test(trimmed));
}

/** Words of a sentence, as a reader counts them. */
export function wordCount(sentence: string): number {
  return sentence.match(/[\p{L}\p{N}][\p{L}\p{N}'’.-]*/gu)?.length ?? 0;
}
