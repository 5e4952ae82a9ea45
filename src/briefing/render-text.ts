import type { Briefing } from '../domain/briefing.ts';

function day(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return undefined;
  return new Date(time).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/**
 * A briefing as plain text that is also valid Markdown, for the console and the CLI:
 * numbered stories, each sentence followed by its citation marks, then the numbered sources.
 *
 * @example
 * console.log(renderBriefingText(await briefings.brief({ maxItems: 5 })));
 */
export function renderBriefingText(briefing: Briefing): string {
  const lines: string[] = [`# ${briefing.title}`, ''];
  if (briefing.items.length === 0) {
    lines.push(briefing.note ?? 'There are no stories to brief on yet.');
    return `${lines.join('\n')}\n`;
  }
  briefing.items.forEach((item, i) => {
    const meta = [item.sources.join(', '), day(item.publishedAt)].filter(Boolean).join(' · ');
    lines.push(`${i + 1}. **${item.headline}**${meta ? ` (${meta})` : ''}`);
    const body = item.sentences.map((sentence) => `${sentence.text} ${sentence.citations.map((n) => `[${n}]`).join('')}`).join(' ');
    if (body) lines.push(`   ${body}`);
    lines.push('');
  });
  lines.push('Sources:');
  for (const citation of briefing.citations) {
    const parts = [citation.title, citation.source, day(citation.publishedAt)].filter(Boolean).join(' — ');
    lines.push(`[${citation.n}] ${parts}${citation.url ? ` <${citation.url}>` : ''}`);
  }
  if (briefing.note) lines.push('', `_${briefing.note}_`);
  return `${lines.join('\n')}\n`;
}
