import type { Answer } from '../domain/answer.ts';
import type { Article } from '../domain/article.ts';
import type { ArticleStore } from '../store/article-store.ts';
import { splitSentences } from '../text/sentences.ts';
import { candidateSpans, typeFit, type Span } from './answer-span.ts';
import { salienceOf } from './salience.ts';
import { ConversationMemory } from './conversation.ts';
import { analyseQuestion, type AnalysedQuestion } from './question.ts';
import type { SearchService } from './search-service.ts';
import { terms as termsOf } from './tokens.ts';

export interface AnswerEngineDeps {
  store: ArticleStore;
  search: SearchService;
  now: () => Date;
  /** Below this confidence the engine abstains (calibrated on the evaluation data, see docs/BENCHMARKS.md). */
  threshold?: number | undefined;
  /** How many top-ranked articles are read sentence by sentence. */
  articlesToRead?: number | undefined;
}

/** The engine's best supported sentence, with what it would answer. */
export interface Candidate {
  article: Article;
  sentence: string;
  /** Index of the sentence in its article. */
  index: number;
  score: number;
  /** Share of the question's weighted words the sentence (with its title) covers, 0–1. */
  coverage: number;
  /** Share of the question's weighted words the whole article covers, 0–1. */
  articleCoverage: number;
  /** Share of the question's names and numbers the sentence, its neighbour or the title covers, 0–1 (1 when it has none). */
  entityCoverage: number;
  span?: Span | undefined;
  /** How prominent the span is in the article, 0–1 (see salienceOf). */
  salience?: number | undefined;
}

/** Answers (the shape of the commands' `AnswerPort`) plus the engine's ranking, for evaluation. */
export interface AnswerEngine {
  ask(question: string, options?: { conversationKey?: string | undefined }): Promise<Answer>;
  /** Article ids in the order the engine reads them (for retrieval evaluation). */
  rank(question: string, limit?: number): string[];
  /** The best-scoring sentences for a question, best first (for evaluation and tuning). */
  candidates(question: AnalysedQuestion): Promise<Candidate[]>;
}

const typeNames = { person: 'person or organisation', date: 'date', number: 'number', place: 'place', other: 'answer' } as const;
/** Weight of each pair of consecutive question words found together in a sentence (at most three count). */
const pairWeight = 0.05;
export const defaultThreshold = 0.55;
/** How much a word of the question's lead-in counts in a sentence's score, against 1 for the question proper. */
const backgroundShare = 0.5;
/** Bonus for a number that counts what a "how many" question asks about. */
const countWeight = 0.35;
/** Bonus for an article's first sentence, falling to nothing at sentence `leadSentences`. */
const leadWeight = 0.2;
const leadSentences = 6;
/** Weight of the answer's prominence in its article (see salienceOf), in a sentence's score and in picking the span. */
const salienceWeight = 0.3;
const spanSalienceWeight = 1;
const minSentenceCoverage = 0.2;
const sentenceCacheSize = 2_000;

/**
 * Answers questions extractively: ranks articles with the search index, scores every sentence
 * of the best ones by weighted question-word coverage, names and numbers shared with the
 * question, and whether it holds a phrase of the expected type; quotes the best sentence
 * verbatim, picks the short answer inside it, and abstains when the best support is weak.
 */
export function createAnswerEngine(deps: AnswerEngineDeps): AnswerEngine {
  const threshold = deps.threshold ?? defaultThreshold;
  const articlesToRead = deps.articlesToRead ?? 5;
  const memory = new ConversationMemory();
  const sentenceCache = new Map<string, string[]>();

  function sentencesOf(article: Article): string[] {
    let sentences = sentenceCache.get(article.id);
    if (sentences === undefined) {
      sentences = splitSentences(article.text);
      if (sentenceCache.size >= sentenceCacheSize) sentenceCache.delete(sentenceCache.keys().next().value!);
      sentenceCache.set(article.id, sentences);
    }
    return sentences;
  }

  function weightsOf(question: AnalysedQuestion): Map<string, number> {
    const weights = new Map<string, number>();
    for (const term of question.terms) weights.set(term.term, term.weight * deps.search.idf(term.term));
    return weights;
  }

  function rank(question: AnalysedQuestion, limit: number) {
    return deps.search.retrieve(question.terms.map((term) => ({ term: term.term, weight: term.weight })), { limit });
  }

  async function candidates(question: AnalysedQuestion): Promise<Candidate[]> {
    if (question.terms.length === 0 || deps.search.size === 0) return [];
    const hits = rank(question, articlesToRead);
    if (hits.length === 0) return [];
    const weights = weightsOf(question);
    const total = [...weights.values()].reduce((sum, weight) => sum + weight, 0) || 1;
    const inherited = new Set(question.terms.filter((term) => term.inherited).map((term) => term.term));
    const articleWeight = 0.3;
    // Sentences are scored on the question proper; a lead-in's words count for less (see QuestionTerm.background).
    const focus = new Map(question.terms.map((term) => [term.term, (weights.get(term.term) ?? 0) * (term.background ? backgroundShare : 1)]));
    const focusTotal = [...focus.values()].reduce((sum, weight) => sum + weight, 0) || 1;
    const ownTotal = question.terms.reduce((sum, term) => sum + (term.inherited ? 0 : focus.get(term.term) ?? 0), 0) || focusTotal;
    const questionTerms = new Set(weights.keys());
    // Consecutive question words ("winning goal") found together in a sentence are stronger evidence than either alone.
    const ownTerms = question.terms.filter((term) => !term.inherited).map((term) => term.term);
    const questionPairs = new Set(ownTerms.slice(1).map((term, i) => `${ownTerms[i]} ${term}`));
    const top = hits[0]!.score || 1;
    const fetched = await deps.store.getMany(hits.map((hit) => hit.id));
    const inheritedTotal = question.terms.reduce((sum, term) => sum + (term.inherited ? weights.get(term.term) ?? 0 : 0), 0);
    const onTopic = (article: Article | undefined) => {
      if (article === undefined || inheritedTotal === 0) return true;
      const words = new Set(termsOf(`${article.title}\n${article.text}`));
      const covered = question.terms.reduce((sum, term) => sum + (term.inherited && words.has(term.term) ? weights.get(term.term) ?? 0 : 0), 0);
      return covered >= 0.5 * inheritedTotal;
    };
    // A follow-up stays on the earlier question's topic when any candidate article is about it.
    const articles = fetched.some((article) => article !== undefined && inheritedTotal > 0 && onTopic(article)) ? fetched.map((article) => (onTopic(article) ? article : undefined)) : fetched;
    const drafts: Candidate[] = [];
    hits.forEach((hit, rankIndex) => {
      const article = articles[rankIndex];
      if (article === undefined) return;
      const titleTerms = new Set(termsOf(article.title));
      const sentences = sentencesOf(article);
      const salience = salienceOf(sentences, questionTerms);
      const articleTerms = new Set([...titleTerms, ...termsOf(article.text)]);
      let inArticle = 0;
      for (const [term, weight] of weights) if (articleTerms.has(term)) inArticle += weight;
      const articleCoverage = inArticle / total;
      const entities = question.terms.filter((term) => term.entity);
      let previous = new Set<string>();
      sentences.forEach((sentence, index) => {
        const sentenceTerms = termsOf(sentence);
        const own = new Set(sentenceTerms);
        let covered = 0;
        let context = 0;
        let entityHits = 0;
        for (const [term, weight] of focus) {
          if (own.has(term) && !inherited.has(term)) covered += weight;
          else if (own.has(term) || previous.has(term) || titleTerms.has(term)) context += weight;
        }
        let entityNear = 0;
        for (const term of entities) {
          if (own.has(term.term) && !term.background) entityHits += 1;
          if (own.has(term.term) || previous.has(term.term) || titleTerms.has(term.term)) entityNear += 1;
        }
        previous = own;
        const coverage = covered / ownTotal;
        if (coverage === 0) return;
        const spans = candidateSpans(sentence, questionTerms);
        const words = own.size;
        const lengthPenalty = words < 5 ? 0.15 : words > 45 ? 0.1 : 0;
        const span = pickSpan(spans, question, sentence, questionTerms, salience);
        const fit = span ? typeFit(span, question.type, question) : 0;
        const prominence = span ? salience(span) : 0;
        const salient = fit * prominence;
        const counted = span && question.type === 'number' ? countWeight * countsAsked(span, questionTerms, sentence) : 0;
        let pairs = 0;
        for (let i = 1; i < sentenceTerms.length; i += 1) if (questionPairs.has(`${sentenceTerms[i - 1]} ${sentenceTerms[i]}`)) pairs += 1;
        // News puts the main facts first (inverted pyramid): an early sentence that names the answer beats a
        // later one that restates the question more fully.
        const early = leadWeight * Math.max(0, 1 - index / leadSentences);
        const score = early + salienceWeight * salient + coverage + articleWeight * articleCoverage + 0.15 * (context / focusTotal) + 0.25 * (hit.score / top) + 0.3 * fit + counted + pairWeight * Math.min(3, pairs) + 0.03 * entityHits - lengthPenalty - 0.02 * rankIndex;
        drafts.push({ article, sentence, index, score, coverage: Math.min(1, coverage + 0.5 * (context / focusTotal)), articleCoverage, entityCoverage: entities.length === 0 ? 1 : entityNear / entities.length, span, salience: prominence });
      });
    });
    return drafts.sort((a, b) => b.score - a.score);
  }

  function suggestion(question: AnalysedQuestion): string {
    const words = question.text.match(/[\p{L}\p{N}]+/gu) ?? [];
    const wanted = new Set(question.terms.slice().sort((a, b) => b.weight * deps.search.idf(b.term) - a.weight * deps.search.idf(a.term)).slice(0, 4).map((term) => term.term));
    const picked: string[] = [];
    for (const word of words) {
      const [term] = termsOf(word);
      if (term !== undefined && wanted.has(term) && !picked.some((known) => termsOf(known)[0] === term)) picked.push(word);
    }
    return picked.join(' ');
  }

  return {
    rank: (question, limit = 10) => rank(analyseQuestion(question), limit).map((hit) => hit.id),
    candidates,
    async ask(raw, options = {}) {
      const analysed = analyseQuestion(raw);
      const question = memory.resolve(options.conversationKey, analysed, deps.now().getTime());
      const abstain = (note: string): Answer => ({ question: analysed.text, abstained: true, citations: [], note, suggestedSearch: suggestion(question) || undefined });
      // Nothing to search either: no search button, the fix is adding sources.
      if (deps.store.size === 0) return { question: analysed.text, abstained: true, citations: [], note: 'That is not in the stored articles: none are stored yet. A moderator can add feeds with /sources add URL.' };
      const ranked = await candidates(question);
      const best = ranked[0];
      if (best === undefined || answerConfidence(ranked) < threshold) {
        return abstain('That is not in the stored articles: no passage supports an answer well enough to quote.');
      }
      const { article } = best;
      const support = supportOf(best, ranked, question, sentencesOf(article));
      // A "when" question answered by a quote with no date (or "who" with no name) is not answered.
      if (question.type !== 'other' && (support.span === undefined || typeFit(support.span, question.type, question) < 0.5)) {
        return abstain(`That is not in the stored articles: the closest passage names no ${typeNames[question.type]}.`);
      }
      return {
        question: analysed.text,
        abstained: false,
        answer: (question.speaker && reportedSpeech(support.quote, question.speaker)) ?? support.answer,
        quote: support.quote,
        citations: [{ n: 1, articleId: article.id, title: article.title, source: article.source, url: article.url, publishedAt: article.publishedAt ?? article.ingestedAt }],
        note: 'Quoted from the stored articles; check the source.',
      };
    },
  };
}

/**
 * How sure the engine is that the stored articles hold the answer, 0–1: how much of the
 * question (weighted by rarity, names counting more) the best candidate's whole article covers.
 * Calibrated against questions whose story is not stored: article coverage separated those
 * from answerable questions better than sentence coverage did (docs/BENCHMARKS.md).
 */
export function confidenceOf(candidate: Candidate): number {
  // A sentence that shares almost nothing with the question supports nothing, whatever its article says.
  return candidate.coverage < minSentenceCoverage ? 0 : candidate.articleCoverage;
}

/**
 * Confidence in the best candidate's article (see confidenceOf), from its sentence that covers the
 * question best: the quoted sentence may be an early one that names the answer but repeats little.
 */
export function answerConfidence(ranked: readonly Candidate[]): number {
  const best = ranked[0];
  if (best === undefined) return 0;
  let confidence = 0;
  for (const candidate of ranked) if (candidate.article.id === best.article.id) confidence = Math.max(confidence, confidenceOf(candidate));
  return confidence;
}

/**
 * The quote and short answer for the best sentence. When that sentence names nothing of the
 * kind asked for (no person for "who", no number for "how many"), the answer is usually in
 * the sentence beside it, so the quote takes in the better-scoring neighbour.
 */
export function supportOf(best: Candidate, ranked: readonly Candidate[], question: AnalysedQuestion, sentences: readonly string[]): { quote: string; answer: string; span?: Span | undefined } {
  if (best.span !== undefined && typeFit(best.span, question.type, question) >= 1) return { quote: best.sentence, answer: question.pair ? bothSides(best.sentence, best.span, question) : best.span.text, span: best.span };
  const scoreOf = (index: number) => ranked.find((candidate) => candidate.article.id === best.article.id && candidate.index === index);
  const before = scoreOf(best.index - 1);
  const after = scoreOf(best.index + 1);
  const nextIndex = sentences[best.index + 1] === undefined ? best.index - 1 : best.index + 1;
  const neighbourIndex = before && (!after || before.score > after.score) ? best.index - 1 : after ? best.index + 1 : nextIndex;
  const neighbour = sentences[neighbourIndex];
  if (neighbour === undefined) return { quote: best.sentence, answer: best.span?.text ?? best.sentence, span: best.span };
  const quote = neighbourIndex < best.index ? `${neighbour} ${best.sentence}` : `${best.sentence} ${neighbour}`;
  const fitOf = (span: Span) => typeFit(span, question.type, question);
  const candidate = scoreOf(neighbourIndex);
  let better: Span | undefined;
  if (candidate?.span !== undefined) {
    // Of two spans that fit alike, the one the story is about.
    const fits = best.span === undefined || fitOf(candidate.span) > fitOf(best.span) || (fitOf(candidate.span) === fitOf(best.span) && (candidate.salience ?? 0) > (best.salience ?? 0));
    if (fits) better = candidate.span;
  } else if (best.span !== undefined) {
    // A neighbour sharing no word with the question supplies no answer of its own ("by Sunday" for
    // "when did it flood?"), but may name, under its own name, what the best sentence only refers to.
    const questionTerms = new Set(question.terms.map((term) => term.term));
    const salience = salienceOf(sentences, questionTerms);
    const span = pickSpan(candidateSpans(neighbour, questionTerms), question, neighbour, questionTerms, salience);
    if (span !== undefined && fitOf(span) === fitOf(best.span) && salience(span) > (best.salience ?? 0)) better = span;
  }
  const span = better ?? best.span;
  return { quote, answer: span?.text ?? best.sentence, span };
}

/** What the speaker said, from the quote's sentence that names them: "Russia had not been consulted …". */
export function reportedSpeech(quote: string, speaker: readonly string[]): string | undefined {
  for (const sentence of quote.split(/(?<=[.!?]["”’]?)\s+(?=[A-Z“"])/)) {
    const words = new Set(termsOf(sentence));
    if (!speaker.every((term) => words.has(term))) continue;
    const said = sentence.match(/\b(?:said|says|told [^,.]{1,40}?|warned|added|stated|insisted|argued|announced)\s+(?:that\s+)?(.{10,}?)[.!]?$/);
    if (said) return said[1]!.trim();
  }
  return undefined;
}

/**
 * 1 when a number counts what the question asks about: "40,000 homes" or "187 minutes" for
 * "how many homes / minutes", also with a word between ("11 healthy eggs"), else 0.
 */
function countsAsked(span: Span, questionTerms: ReadonlySet<string>, sentence: string): number {
  if (span.type !== 'number') return 0;
  const unit = termsOf(span.text).at(-1);
  if (unit !== undefined && !/\d/.test(unit) && questionTerms.has(unit)) return 1;
  const following = sentence.slice(span.end).match(/^\s+([\p{L}-]+)(?:\s+([\p{L}-]+))?/u);
  if (following === null) return 0;
  return termsOf(`${following[1]} ${following[2] ?? ''}`).some((term) => questionTerms.has(term)) ? 1 : 0;
}

/**
 * "Who met in Kyiv?": the person picked and the nearest other person in the same sentence,
 * in the sentence's order ("Special Envoy Daniel Reyes and Ukrainian Foreign Minister Olena
 * Kovalenko"); the picked one alone when the sentence names nobody else.
 */
function bothSides(sentence: string, picked: Span, question: AnalysedQuestion): string {
  const questionTerms = new Set(question.terms.map((term) => term.term));
  const others = candidateSpans(sentence, questionTerms).filter((span) => span.type === 'person' && (span.end <= picked.start || span.start >= picked.end) && span.text !== picked.text);
  const gap = (span: Span) => (span.start >= picked.end ? span.start - picked.end : picked.start - span.end);
  const other = others.sort((a, b) => gap(a) - gap(b))[0];
  if (other === undefined) return picked.text;
  return other.start < picked.start ? `${other.text} and ${picked.text}` : `${picked.text} and ${other.text}`;
}

/** The span most likely to be the answer: right type first, then closest to the question's words. */
function pickSpan(spans: readonly Span[], question: AnalysedQuestion, sentence: string, questionTerms: ReadonlySet<string>, salience: (span: Span) => number = () => 0): Span | undefined {
  if (spans.length === 0) return undefined;
  const anchors: number[] = [];
  for (const match of sentence.matchAll(/[\p{L}\p{N}]+/gu)) {
    const [term] = termsOf(match[0]);
    if (term !== undefined && questionTerms.has(term)) anchors.push(match.index);
  }
  let best: Span | undefined;
  let bestScore = -Infinity;
  for (const span of spans) {
    const distance = anchors.length === 0 ? sentence.length : Math.min(...anchors.map((at) => (at < span.start ? span.start - at : Math.max(0, at - span.end))));
    const nameLength = span.type === 'person' && /\s/.test(span.text) ? 0.2 : 0;
    // "Foreign Minister Olena Kovalenko" answers little when the question named Kovalenko.
    const spanWords = termsOf(span.text);
    const echo = span.type === 'number' || spanWords.length === 0 ? 0 : spanWords.filter((word) => questionTerms.has(word)).length / spanWords.length;
    const score = 2 * typeFit(span, question.type, question) + spanSalienceWeight * salience(span) + nameLength + countsAsked(span, questionTerms, sentence) - echo - distance / Math.max(40, sentence.length);
    if (score > bestScore) {
      bestScore = score;
      best = span;
    }
  }
  return best;
}
