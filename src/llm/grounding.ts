import type { Citation } from '../domain/citation.ts';
import { contentStems, demonymShape, namesIn, normalizeWord, numbersIn, stem, tokens } from './lexical.ts';

/** One numbered passage the LLM was given: `[n]` in its output refers to it (and cites it). */
export interface GroundingSource extends Citation {
  /** The passage text exactly as the LLM saw it. */
  text: string;
}

export type DropReason =
  | 'empty'
  | 'mention'
  | 'markup'
  | 'link'
  | 'no_citation'
  | 'unknown_citation'
  | 'wrong_source'
  | 'low_overlap'
  | 'unsupported_number'
  | 'unsupported_name'
  | 'duplicate';

/** A sentence that passed: its text without `[n]` markers, and what it cites. */
export interface GroundedSentence {
  text: string;
  /** The given source numbers it cites that support it. */
  sources: number[];
  citations: Citation[];
}

export interface DroppedSentence {
  text: string;
  reason: DropReason;
  /** What exactly failed ("number 45", "name Putin", "[7]"). */
  detail?: string | undefined;
}

export interface GroundingResult {
  kept: GroundedSentence[];
  dropped: DroppedSentence[];
  droppedCount: number;
  reasons: Partial<Record<DropReason, number>>;
}

export interface GroundingOptions {
  /** Share of the sentence's content words that must appear in the cited passages (0–1). */
  minOverlap?: number;
}

const defaultMinOverlap = 0.5;
/** Below this share a cited passage is taken not to be about the sentence, and its citation is removed. */
const minShareForCitation = 0.2;

const markerPattern = /\[\s*(?:(?:source|src|ref)\s*)?\d+(?:\s*[,;]\s*(?:(?:source|src|ref)\s*)?\d+)*\s*\]/gi;
const mentionPattern = /@everyone|@here|<[@#][^>]*>|(?<![\w.])@[A-Za-z0-9_]{2,}/i;
const markupPattern = /<\/?[a-z][^>]*>|\[[^\]]*\]\([^)]*\)|\|\||^#{1,6}\s|^>\s/im;
const urlPattern = /\bhttps?:\/\/[^\s<>"')\]]+|\bwww\.[^\s<>"')\]]+/gi;
const bareDomainPattern = /\b(?:[a-z0-9-]+\.)+(?:com|org|net|io|gov|edu|info|biz|xyz|ly|me|co|uk|ua|ru|de|fr|news|tv)(?:\/[^\s]*)?\b/gi;

/**
 * Splits LLM output into candidate sentences: one per line as the prompt asks, and a
 * line is split again after each `[n]` group that ends a sentence. Bullets, numbering and
 * preamble lines ("Here is the summary:") are removed.
 */
export function splitOutputSentences(output: string): string[] {
  const out: string[] = [];
  for (const rawLine of output.replace(/\r\n?/g, '\n').split('\n')) {
    const line = rawLine.replace(/^\s*(?:[-*•]|\d+[.)])\s+/, '').replace(/\*\*|__|`/g, '').trim();
    if (line.length === 0) continue;
    if (/:\s*$/.test(line) && line.search(markerPattern) < 0) continue;
    const pieces = line.split(/(?<=\][.!?]?["”’]?)\s+(?=[\p{Lu}"“‘(\d])/u);
    for (const piece of pieces) if (piece.trim()) out.push(piece.trim());
  }
  return out;
}

/** The citation numbers in a sentence, in order of first appearance. */
export function citedNumbers(sentence: string): number[] {
  const numbers: number[] = [];
  for (const marker of sentence.match(markerPattern) ?? []) {
    for (const digits of marker.match(/\d+/g) ?? []) {
      const n = Number(digits);
      if (!numbers.includes(n)) numbers.push(n);
    }
  }
  return numbers;
}

/** The sentence as readers see it: markers removed, spacing before punctuation tidied. */
export function withoutMarkers(sentence: string): string {
  return sentence.replace(markerPattern, ' ').replace(/\s+([.,;:!?])/g, '$1').replace(/\s{2,}/g, ' ').trim();
}

interface Evidence {
  stems: Set<string>;
  words: Set<string>;
  numbers: Set<string>;
}

function evidenceOf(sources: readonly GroundingSource[]): Evidence {
  const text = sources.map((source) => `${source.title}\n${source.text}`).join('\n');
  const words = new Set<string>();
  for (const word of tokens(text)) {
    words.add(word);
    for (const part of word.split('-')) words.add(part);
  }
  return { stems: new Set(contentStems(text)), words, numbers: numbersIn(text, { words: true }) };
}

type Support = { ok: true } | { ok: false; reason: 'low_overlap' | 'unsupported_number' | 'unsupported_name'; detail: string };

function overlapShare(stems: readonly string[], evidence: Evidence): number {
  if (stems.length === 0) return 0;
  return stems.filter((item) => evidence.stems.has(item)).length / stems.length;
}

function support(sentence: string, stems: readonly string[], evidence: Evidence, minOverlap: number): Support {
  for (const number of numbersIn(sentence)) {
    if (!evidence.numbers.has(number)) return { ok: false, reason: 'unsupported_number', detail: `number ${number}` };
  }
  for (const name of namesIn(sentence)) {
    const found = evidence.words.has(name.word) || ((name.first || demonymShape.test(name.word)) && evidence.stems.has(stem(name.word)));
    if (!found) return { ok: false, reason: 'unsupported_name', detail: `name ${name.word}` };
  }
  const share = overlapShare(stems, evidence);
  if (share < minOverlap) return { ok: false, reason: 'low_overlap', detail: `overlap ${share.toFixed(2)}` };
  return { ok: true };
}

function linkProblem(sentence: string, sources: readonly GroundingSource[]): string | undefined {
  const stored = new Set(sources.map((source) => source.url).filter((url): url is string => Boolean(url)));
  for (const match of sentence.match(urlPattern) ?? []) {
    const url = match.replace(/[.,;:!?]+$/, '');
    if (!stored.has(url)) return url;
  }
  const hosts = new Set<string>();
  for (const source of sources) {
    hosts.add(normalizeWord(source.source));
    try {
      if (source.url) hosts.add(new URL(source.url).hostname.replace(/^www\./, ''));
    } catch {
      // A malformed stored URL only means its host cannot be mentioned.
    }
  }
  const withoutUrls = sentence.replace(urlPattern, ' ');
  for (const match of withoutUrls.match(bareDomainPattern) ?? []) {
    const host = match.split('/')[0]!.toLowerCase().replace(/^www\./, '');
    if (!hosts.has(host) && !hosts.has(normalizeWord(host))) return match;
  }
  return undefined;
}

function toCitation(source: GroundingSource): Citation {
  return { n: source.n, articleId: source.articleId, title: source.title, source: source.source, url: source.url, publishedAt: source.publishedAt };
}

/**
 * Keeps only the sentences of LLM output that its cited sources support. A sentence is
 * kept when it cites at least one given source, every number it cites exists, it has no
 * mention, markup or foreign link, and the cited passages contain its numbers and names
 * and enough of its content words. Citations to passages that are not about the sentence
 * are removed; if none is left, the sentence is dropped.
 *
 * @example
 * const result = checkGrounding('The council approved the budget [1].', [{ n: 1, articleId: 'a1', title: 'Budget passes', source: 'Example', text: 'The council approved the budget on Tuesday.' }]);
 * result.kept[0]?.text // 'The council approved the budget.'
 */
export function checkGrounding(output: string | readonly string[], sources: readonly GroundingSource[], options: GroundingOptions = {}): GroundingResult {
  const minOverlap = options.minOverlap ?? defaultMinOverlap;
  const byNumber = new Map(sources.map((source) => [source.n, source]));
  const evidenceByNumber = new Map(sources.map((source) => [source.n, evidenceOf([source])]));
  let allEvidence: Evidence | undefined;
  const everything = () => (allEvidence ??= sources.length === 1 ? evidenceByNumber.get(sources[0]!.n)! : evidenceOf(sources));
  const sentences = typeof output === 'string' ? splitOutputSentences(output) : output.flatMap((line) => splitOutputSentences(line));
  const kept: GroundedSentence[] = [];
  const dropped: DroppedSentence[] = [];
  const seen = new Set<string>();
  const drop = (text: string, reason: DropReason, detail?: string) => dropped.push({ text, reason, detail });

  for (const sentence of sentences) {
    const text = withoutMarkers(sentence);
    const stems = [...new Set(contentStems(text))];
    if (stems.length === 0) {
      drop(sentence, 'empty');
      continue;
    }
    if (mentionPattern.test(sentence)) {
      drop(sentence, 'mention');
      continue;
    }
    if (markupPattern.test(text)) {
      drop(sentence, 'markup');
      continue;
    }
    const link = linkProblem(text, sources);
    if (link !== undefined) {
      drop(sentence, 'link', link);
      continue;
    }
    const cited = citedNumbers(sentence);
    if (cited.length === 0) {
      drop(sentence, 'no_citation');
      continue;
    }
    const unknown = cited.filter((n) => !byNumber.has(n));
    if (unknown.length > 0) {
      drop(sentence, 'unknown_citation', unknown.map((n) => `[${n}]`).join(''));
      continue;
    }
    const relevant = cited.filter((n) => overlapShare(stems, evidenceByNumber.get(n)!) >= minShareForCitation);
    const evidence = relevant.length === 1 ? evidenceByNumber.get(relevant[0]!)! : evidenceOf(relevant.map((n) => byNumber.get(n)!));
    const check = relevant.length > 0 ? support(text, stems, evidence, minOverlap) : undefined;
    if (check === undefined || !check.ok) {
      if (support(text, stems, everything(), minOverlap).ok) drop(sentence, 'wrong_source', cited.map((n) => `[${n}]`).join(''));
      else if (check === undefined) drop(sentence, 'low_overlap', 'no cited passage is about it');
      else drop(sentence, check.reason, check.detail);
      continue;
    }
    const key = stems.join(' ');
    if (seen.has(key)) {
      drop(sentence, 'duplicate');
      continue;
    }
    seen.add(key);
    kept.push({ text, sources: relevant, citations: relevant.map((n) => toCitation(byNumber.get(n)!)) });
  }

  const reasons: Partial<Record<DropReason, number>> = {};
  for (const item of dropped) reasons[item.reason] = (reasons[item.reason] ?? 0) + 1;
  return { kept, dropped, droppedCount: dropped.length, reasons };
}
