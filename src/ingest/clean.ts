import { normalizeText, singleLine } from '../text/normalize.ts';

/**
 * Lines that are site furniture, not reporting. Only short lines are tested, so a real
 * paragraph that mentions cookies or sharing is never dropped.
 */
const boilerplate: readonly RegExp[] = [
  /^[←«‹<]*\s*(back|return)\s+to\s+(the\s+)?(news|top|home|homepage|articles?|stories|index|list|search results)\b/i,
  /^(share|tweet|email|print|save)(\s+(this|on|via|article|story|page)\b.*)?$/i,
  /^(facebook|twitter|x|linkedin|whatsapp|telegram|reddit|pinterest|copy link)(\s*[|·•,]\s*(facebook|twitter|x|linkedin|whatsapp|telegram|reddit|pinterest|email|copy link))*$/i,
  /^(read|see|view|load|show)\s+(more|full|the full|all|next|previous)\b.{0,60}$/i,
  /^(continue reading|click here|more:|related:?|related (articles|stories|content|coverage):?|advertisement|sponsored|promoted|ad)\W*$/i,
  /\b(we use cookies|this (site|website) uses cookies|accept (all )?cookies|cookie (policy|settings|preferences))\b/i,
  /^(sign up|subscribe|register)\b.{0,80}\b(newsletter|updates|inbox|free|now|today)\b/i,
  /^(follow us|join us|download (our|the) app|get the app)\b/i,
  /^(all rights reserved|copyright\b|©)/i,
  /all rights reserved\.?$/i,
  /^(next|previous|prev)\s+(article|story|post)\b/i,
  /^(skip to (main )?content|jump to|menu|search|home|log ?in|sign ?in|toggle navigation)$/i,
  /^(image|photo|video)\s*(credit|caption)?:?\s*(getty|reuters|ap|afp)?\s*(images)?$/i,
];

const maxBoilerplateLength = 160;

export function isBoilerplate(line: string): boolean {
  const trimmed = line.trim();
  if (trimmed.length === 0 || trimmed.length > maxBoilerplateLength) return false;
  if (/^[\s\p{P}\p{S}]+$/u.test(trimmed)) return true; // "•", "---", "→"
  return boilerplate.some((pattern) => pattern.test(trimmed));
}

const listItem = /^\s*([-*•◦▪–]|\d{1,3}[.)])\s+/;

/**
 * Cleans article body text: normalises Unicode and whitespace, keeps paragraphs
 * (blank-line separated; list items stay separate), and drops boilerplate lines.
 * Returns paragraphs joined by a blank line.
 */
export function cleanArticleText(raw: string): string {
  const blocks = normalizeText(raw).split(/\n\s*\n/);
  const paragraphs: string[] = [];
  for (const block of blocks) {
    const lines = block.split('\n').map((line) => line.trim()).filter((line) => line.length > 0);
    if (lines.length === 0) continue;
    // Hard-wrapped prose is rejoined; lists and one-line-per-paragraph text stay line by line.
    const lineByLine = lines.some((line) => listItem.test(line)) || lines.every((line) => /[.!?:"”’)\]]$/.test(line));
    const parts = lineByLine ? lines : [lines.join(' ')];
    for (const part of parts) {
      const paragraph = singleLine(part);
      if (paragraph.length > 0 && !isBoilerplate(paragraph)) paragraphs.push(paragraph);
    }
  }
  return paragraphs.join('\n\n');
}

/** A clean one-line title: no site suffix like " | Reuters" or " - BBC News" when the rest is long enough. */
export function cleanTitle(raw: string): string {
  const title = singleLine(raw);
  const suffix = title.match(/^(.{20,}?)\s+[|–—-]\s+[^|–—-]{2,40}$/);
  return suffix?.[1] ?? title;
}
