import type { Citation } from '../../src/domain/citation.ts';
import type { Reply, ReplySentence } from '../../commands/reply.ts';
import { shortDate } from '../../commands/present.ts';

/** Article text is untrusted: no escape sequences or control characters reach the terminal. */
function clean(text: string): string {
  return text.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
}

function withCitations(sentence: ReplySentence): string {
  return `${clean(sentence.text)}${sentence.citations.map((n) => ` [${n}]`).join('')}`;
}

function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (current.length > 0 && current.length + word.length + 1 > width) {
      lines.push(current);
      current = word;
    } else {
      current = current.length > 0 ? `${current} ${word}` : word;
    }
  }
  if (current.length > 0) lines.push(current);
  return lines.map((line) => indent + line).join('\n');
}

export function sourceLine(citation: Citation): string {
  const date = shortDate(citation.publishedAt);
  return `[${citation.n}] ${clean(citation.title)} — ${clean(citation.source)}${date ? `, ${date}` : ''} — ${citation.url ? clean(citation.url) : `article ${citation.articleId}`}`;
}

/**
 * A reply as plain text for a terminal (or any plain-text surface): title, numbered items
 * with their sentences and citation markers, the numbered source list, buttons as the
 * commands to type.
 */
export function renderPlainText(reply: Reply, options: { width?: number } = {}): string {
  const width = options.width ?? 100;
  const out: string[] = [];
  if (reply.title) out.push(clean(reply.title), '');
  for (const paragraph of reply.paragraphs ?? []) out.push(wrap(clean(paragraph), width, ''), '');
  if (reply.quote) out.push(wrap(`“${withCitations(reply.quote)}”`, width, '  '), '');
  (reply.items ?? []).forEach((item, index) => {
    out.push(`${index + 1}. ${clean(item.title)}`);
    if (item.meta) out.push(`   ${clean(item.meta)}`);
    if (item.sentences?.length) out.push(wrap(item.sentences.map(withCitations).join(' '), width, '   '));
    if (item.text) out.push(wrap(clean(item.text), width, '   '));
    if (item.url && !(reply.citations?.length)) out.push(`   ${clean(item.url)}`);
    out.push('');
  });
  if (reply.citations?.length) {
    out.push('Sources');
    for (const citation of reply.citations) out.push(sourceLine(citation));
    out.push('');
  }
  if (reply.note) out.push(wrap(clean(reply.note), width, ''), '');
  // A console has no buttons: each becomes the command to type for it.
  for (const button of reply.buttons ?? []) out.push(`→ ${button.label} (type /${button.command} ${button.args})`);
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out.join('\n');
}
