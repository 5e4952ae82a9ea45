import { UserError } from '../errors.ts';
import { singleLine } from '../text/normalize.ts';
import { splitSentences } from '../text/sentences.ts';
import type { PlaceKind } from './places.ts';
import { stem, stopWords } from './tokens.ts';

export const maxQuestionChars = 1_000;

/** What kind of phrase would answer the question. */
export type AnswerType = 'person' | 'date' | 'number' | 'place' | 'other';

export interface QuestionTerm {
  term: string;
  /** How much matching it matters, before IDF (1; follow-ups carry earlier words at less). Rarity already favours names. */
  weight: number;
  /** A capitalised name or a number in the question. */
  entity: boolean;
  /** Carried over from the previous question of a conversation: it picks articles, not sentences. */
  inherited?: boolean | undefined;
  /**
   * Only in a lead-in sentence before the question proper ("Olivia Newton-John died this week. Which
   * movie …?"): it finds the story, but the sentence that answers usually restates the lead-in less.
   */
  background?: boolean | undefined;
}

export interface AnalysedQuestion {
  /** The question as cleaned: no markup, one line. */
  text: string;
  type: AnswerType;
  terms: QuestionTerm[];
  /** For "what did X say …" questions, X's search terms: the answer is what X said. */
  speaker?: string[] | undefined;
  /** For "which country / state / city …" questions, the kind of place asked for. */
  placeKind?: PlaceKind | undefined;
  /** For "how much did it cost …" questions: the number asked for is an amount of money. */
  money?: boolean | undefined;
  /** "Who met …", "who talked …": a meeting has two sides, so the answer names both. */
  pair?: boolean | undefined;
}

/** Verbs whose subject is two parties ("X met Y"): asked with "who <verb>", both are the answer. */
const reciprocalWho = /^who\s+(?:met|meets|meet|talked|talks|spoke|speaks|negotiated|negotiates|held talks|clashed|married|debated)\b/i;

/** Question words and verbs of asking that never help find the answer. */
const questionNoise = new Set(
  'who whom whose what which when where why how many much did does do was were is are has have had name recently week weeks this last new'
    .split(' '),
);

/** Removes HTML tags, Markdown emphasis and links, so markup is neither searched nor echoed. */
export function cleanQuestion(raw: string): string {
  if (typeof raw !== 'string') throw new UserError('bad_question', 'The question must be text.');
  if (raw.length > maxQuestionChars) {
    throw new UserError('too_long', `That question is ${raw.length.toLocaleString('en')} characters; the limit is ${maxQuestionChars.toLocaleString('en')} characters.`);
  }
  const text = singleLine(
    raw
      .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<[^>]*>/g, ' ')
      .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (entity) => ({ '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&nbsp;': ' ' })[entity] ?? ' ')
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/https?:\/\/\S+/g, ' ')
      .replace(/[*_`~#>|]+/g, ' '),
  ).replace(/\s+([?.!,;:])/g, '$1');
  if (text.length === 0 || !/[\p{L}\p{N}]/u.test(text)) throw new UserError('empty_question', 'Ask a question in words, for example: /ask who met in Kyiv?');
  return text;
}

/** "Which country …", "which two countries …", "which island nation …": the kind of place asked for. */
export function placeKindOf(question: string): PlaceKind | undefined {
  const asked = question.toLowerCase().match(/\b(?:what|which) (?:[\w-]+ )?(countr(?:y|ies)|nations?|states?|cit(?:y|ies))\b/)?.[1];
  if (asked === undefined) return undefined;
  return asked.startsWith('countr') || asked.startsWith('nation') ? 'country' : asked.startsWith('state') ? 'state' : 'city';
}

/** "How much will it cost", "how much was X fined", "what was the price": an amount of money. */
export function asksForMoney(question: string): boolean {
  return /\b(?:cost|costs|price|prices|pay|paid|spend|spent|worth|budget|fund|funding|fined?|salary|salaries|loan|prize|debt|revenue|bill)\b/i.test(question) && /\bhow much\b|\bwhat (?:was|is|were|are) the\b|\bup to how much\b/i.test(question);
}

/** The expected answer type, from the question's wording. */
export function answerTypeOf(question: string): AnswerType {
  const q = question.toLowerCase();
  if (/\bhow (many|much|old|long|far|big|large|often)\b|\bwhat (percentage|percent|number|amount|share)\b|\bhow much\b/.test(q)) return 'number';
  if (/\bwhat (was|is|were|are) (the )?(\w+ )?(inflation|rate|price|cost|score|temperature|population|unemployment|growth|budget|total|death toll|toll|turnout|margin)\b/.test(q)) return 'number';
  if (/\bwhen\b|\b(what|which) (year|date|day|month|time)\b/.test(q)) return 'date';
  if (/\bwhere\b/.test(q) || placeKindOf(q) !== undefined || /\b(what|which) (\w+ )?(town|region|province|continent|place)s?\b/.test(q)) return 'place';
  if (/\bwho(m|se)?\b|\b(what|which) (company|companies|organization|organisation|person|man|woman|team|group|agency|party|player|actor|singer|leader|official|president|minister|senator|governor|firm|network|country's leader)\b/.test(q)) return 'person';
  return 'other';
}

/**
 * Where the question proper sits in a text that may open with context: the sentence holding the
 * question word, or the one ending in "?", or else the last one. The whole text when it is one sentence.
 */
export function askingClause(text: string): { start: number; end: number } {
  // The project's sentence splitter: "7.0-magnitude", "$5.02" and "Dr. Jill Biden" stay whole.
  const sentences: Array<{ text: string; start: number }> = [];
  let from = 0;
  for (const sentence of splitSentences(text)) {
    const start = text.indexOf(sentence, from);
    if (start < 0) return { start: 0, end: text.length };
    sentences.push({ text: sentence, start });
    from = start + sentence.length;
  }
  if (sentences.length <= 1) return { start: 0, end: text.length };
  const asking =
    sentences.find((sentence) => /\b(?:who|whom|whose|what|which|when|where|why|how)\b/i.test(sentence.text)) ??
    sentences.find((sentence) => sentence.text.trimEnd().endsWith('?')) ??
    sentences.at(-1)!;
  return { start: asking.start, end: asking.start + asking.text.length };
}

/**
 * Cleans the question, works out its expected answer type and its weighted search terms.
 * Throws `UserError` for empty questions and for questions over 1,000 characters.
 */
export function analyseQuestion(raw: string): AnalysedQuestion {
  const text = cleanQuestion(raw);
  const terms: QuestionTerm[] = [];
  const seen = new Map<string, QuestionTerm>();
  const words = [...text.matchAll(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu)];
  const asking = askingClause(text);
  words.forEach((match, position) => {
    const original = match[0].replace(/['’]s$/i, '').replace(/['’]/g, '');
    const lower = original.toLowerCase();
    if (stopWords.has(lower) || questionNoise.has(lower)) return;
    const term = stem(lower);
    const capitalised = /^\p{Lu}/u.test(original) && position > 0;
    const entity = capitalised || /\d/.test(original);
    const background = match.index < asking.start || match.index >= asking.end;
    const known = seen.get(term);
    if (known) {
      known.entity ||= entity;
      if (!background) delete known.background;
      return;
    }
    const item: QuestionTerm = background ? { term, weight: 1, entity, background } : { term, weight: 1, entity };
    seen.set(term, item);
    terms.push(item);
  });
  // "What did Rubio say about …": the speaker is the point; a sentence without them answers nothing.
  const speaker = text.match(/\bwhat (?:did|does|do|has|have|had|will|would) (.+?) (?:say|said|think|announce|claim|tell|want|propose|warn|promise|offer|demand)\b/i)?.[1];
  if (speaker !== undefined) {
    const focus = new Set((speaker.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).map(stem));
    for (const term of terms) if (focus.has(term.term)) term.weight = 2.5;
  }
  const speakerTerms = terms.filter((term) => term.weight > 1).map((term) => term.term);
  const type = answerTypeOf(text);
  const placeKind = type === 'place' ? placeKindOf(text) : undefined;
  const money = type === 'number' && asksForMoney(text);
  const pair = type === 'person' && reciprocalWho.test(text);
  return { text, type, terms, speaker: speakerTerms.length > 0 ? speakerTerms : undefined, ...(placeKind ? { placeKind } : {}), ...(money ? { money } : {}), ...(pair ? { pair } : {}) };
}
