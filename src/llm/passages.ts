import type { Article } from '../domain/article.ts';
import { splitSentences } from '../text/sentences.ts';
import type { GroundingSource } from './grounding.ts';
import { contentStems } from './lexical.ts';

/** The article as a numbered source, with `text` cut to whole sentences within `maxChars`. */
export function sourceOf(article: Article, n: number, text: string): GroundingSource {
  return { n, articleId: article.id, title: article.title, source: article.source, url: article.url, publishedAt: article.publishedAt, text };
}

/** Whole sentences from the start of `text`, at most `maxChars` (at least the first sentence, cut). */
export function lead(text: string, maxChars: number): string {
  const out: string[] = [];
  let length = 0;
  for (const sentence of splitSentences(text)) {
    if (length + sentence.length > maxChars) break;
    out.push(sentence);
    length += sentence.length + 1;
  }
  if (out.length === 0) return text.slice(0, maxChars);
  return out.join(' ');
}

/** Windows of whole sentences, each at most `maxChars`, never crossing a paragraph. */
function chunks(text: string, maxChars: number): string[] {
  const out: string[] = [];
  for (const paragraph of text.split(/\n\s*\n/)) {
    let current = '';
    for (const sentence of splitSentences(paragraph)) {
      if (current && current.length + sentence.length + 1 > maxChars) {
        out.push(current);
        current = '';
      }
      current = current ? `${current} ${sentence}` : sentence.slice(0, maxChars);
    }
    if (current) out.push(current);
  }
  return out;
}

export interface PassageOptions {
  /** Passages in all. */
  maxPassages?: number;
  perArticle?: number;
  maxChars?: number;
}

/**
 * The passages of the articles that best match the question (question words weighted by
 * rarity across the candidates), grouped into one numbered source per article, in
 * order of each article's best passage. Articles with no matching passage are left out.
 */
export function bestPassages(question: string, articles: readonly Article[], options: PassageOptions = {}): GroundingSource[] {
  const maxPassages = options.maxPassages ?? 6;
  const perArticle = options.perArticle ?? 2;
  const maxChars = options.maxChars ?? 600;
  const wanted = new Set(contentStems(question));
  if (wanted.size === 0) return [];
  const candidates = articles.flatMap((article, rank) =>
    chunks(article.text, maxChars).map((text, position) => ({ article, rank, position, text, stems: new Set(contentStems(`${text}`)), titleStems: new Set(contentStems(article.title)) })),
  );
  const documentFrequency = new Map<string, number>();
  for (const candidate of candidates) for (const item of wanted) if (candidate.stems.has(item)) documentFrequency.set(item, (documentFrequency.get(item) ?? 0) + 1);
  const weight = (item: string) => Math.log(1 + candidates.length / (1 + (documentFrequency.get(item) ?? 0)));
  const scored = candidates
    .map((candidate) => {
      let score = 0;
      for (const item of wanted) {
        if (candidate.stems.has(item)) score += weight(item);
        else if (candidate.titleStems.has(item)) score += weight(item) / 2;
      }
      // Earlier search hits and earlier paragraphs break ties: leads carry the facts.
      return { ...candidate, score: score - candidate.rank * 0.01 - candidate.position * 0.001 };
    })
    .filter((candidate) => candidate.score > 0)
    .sort((a, b) => b.score - a.score);

  const chosen = new Map<string, typeof scored>();
  let total = 0;
  for (const candidate of scored) {
    if (total >= maxPassages) break;
    const list = chosen.get(candidate.article.id) ?? [];
    if (list.length >= perArticle) continue;
    list.push(candidate);
    chosen.set(candidate.article.id, list);
    total += 1;
  }
  return [...chosen.values()].map((list, index) => {
    const inOrder = [...list].sort((a, b) => a.position - b.position);
    return sourceOf(list[0]!.article, index + 1, inOrder.map((item) => item.text).join('\n…\n'));
  });
}
