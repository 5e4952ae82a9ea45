import type { AnswerType } from './question.ts';
import { isKnownPlace, isPlaceOfKind, type PlaceKind } from './places.ts';
import { stem, stopWords } from './tokens.ts';

/** A candidate short answer inside a sentence. */
export interface Span {
  text: string;
  start: number;
  end: number;
  type: AnswerType;
}

const months = 'January|February|March|April|May|June|July|August|September|October|November|December|Jan\\.?|Feb\\.?|Mar\\.?|Apr\\.?|Aug\\.?|Sept?\\.?|Oct\\.?|Nov\\.?|Dec\\.?';
const datePattern = new RegExp(
  [
    `\\b(?:${months})\\s+\\d{1,2}(?:st|nd|rd|th)?(?:,?\\s+\\d{4})?`,
    `\\b\\d{1,2}\\s+(?:${months})(?:\\s+\\d{4})?`,
    `\\b(?:${months})\\s+\\d{4}`,
    `\\b(?:(?:early|late|mid-?)\\s?)?(?:${months})\\b`,
    '\\b(?:on\\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\\b',
    '\\b(?:in\\s+)?(?:19|20)\\d{2}s?\\b',
    '\\b(?:last|next|this)\\s+(?:week|month|year|weekend)\\b',
    '\\b(?:yesterday|today|tomorrow)\\b',
  ].join('|'),
  'g',
);
const numberWords = 'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fifteen|twenty|thirty|forty|fifty|hundred|hundreds|thousand|thousands|million|millions|dozen|dozens|half';
const numberPattern = new RegExp(
  `(?:[$€£]\\s?)?\\b\\d[\\d,]*(?:\\.\\d+)?(?:\\s?(?:%|percent|per cent|million|billion|trillion|thousand|hundred))?(?:\\s(?:years?|people|days|months|weeks|hours|minutes|miles|kilometres|km|dollars|euros|pounds|yen|points|homes|votes))?|\\b(?:${numberWords})(?:[\\s-](?:${numberWords}))*\\b(?:\\s(?:percent|people|years?|days|months|weeks|hours))?`,
  'gi',
);
/** Runs of capitalised words, allowing small joiners inside ("Bank of England", "Charles de Gaulle"). */
const namePattern = /\b(?:[\p{Lu}][\p{L}'’.-]*|[\p{Lu}]{2,})(?:\s+(?:(?:of|de|da|del|van|von|al|bin|the|and|for|&)\s+)?(?:[\p{Lu}][\p{L}'’.-]*|\d+))*/gu;
const placeLead = /\b(?:in|at|from|near|to|into|across|outside|inside)\s+(?:the\s+)?$/i;

function collect(sentence: string, pattern: RegExp, type: AnswerType): Span[] {
  const out: Span[] = [];
  for (const match of sentence.matchAll(pattern)) {
    const text = match[0].trim().replace(/[.,;:]+$/, '');
    if (text.length === 0) continue;
    const start = match.index + match[0].indexOf(text);
    out.push({ text, start, end: start + text.length, type });
  }
  return out;
}

/** True when every content word of the span already appears in the question. */
function restatesQuestion(span: string, questionTerms: ReadonlySet<string>): boolean {
  const words = (span.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((word) => !stopWords.has(word));
  return words.length === 0 || words.every((word) => questionTerms.has(stem(word)));
}

const sentenceStarters = new Set(['The', 'A', 'An', 'But', 'And', 'In', 'On', 'At', 'It', 'He', 'She', 'They', 'We', 'I', 'This', 'That', 'There', 'When', 'After', 'As', 'If', 'For', 'His', 'Her', 'Their', 'Its', 'Some', 'Many', 'CNN', 'Mr', 'Mrs', 'Ms']);

/** Names, dates and numbers in a sentence that the question does not already contain. */
export function candidateSpans(sentence: string, questionTerms: ReadonlySet<string>): Span[] {
  const spans: Span[] = [];
  for (const span of collect(sentence, datePattern, 'date')) spans.push(span);
  for (const span of collect(sentence, numberPattern, 'number')) {
    if (!spans.some((known) => known.start <= span.start && known.end >= span.end)) spans.push(span);
  }
  for (const match of sentence.matchAll(namePattern)) {
    let text = match[0].replace(/[.,;:’']+$/, '').replace(/\s+(?:and|of|the|for|&)$/i, '');
    let start = match.index;
    // A capitalised sentence opener ("The", "But") is not part of the name that follows it.
    const first = text.split(/\s+/)[0]!;
    if (sentenceStarters.has(first)) {
      const rest = text.slice(first.length).trimStart();
      start += text.length - rest.length;
      text = rest;
    }
    if (text.length < 2 || spans.some((known) => known.start <= start && known.end >= start + text.length)) continue;
    // "American and Ukrainian negotiators": nationality adjectives before a noun are not a name.
    if (/^[\p{Lu}][\p{L}]*(?:an|ese|ish|i)(?:\s+and\s+[\p{Lu}][\p{L}]*(?:an|ese|ish|i))?$/u.test(text) && /^\s+[a-z]/.test(sentence.slice(start + text.length))) continue;
    const type: AnswerType = placeLead.test(sentence.slice(0, start)) || isKnownPlace(text) ? 'place' : 'person';
    spans.push({ text, start, end: start + text.length, type });
  }
  return spans.filter((span) => !restatesQuestion(span.text, questionTerms));
}

/** Whether a number is an amount of money: "$5.02", "640 million euros". */
export function isMoney(text: string): boolean {
  return /[$€£¥]|\b(?:dollars?|euros?|pounds?|yen|yuan|rupees?|francs?)\b/i.test(text);
}

/**
 * How well a span's kind fits the expected answer type (1 exact, 0.5 plausible, 0 not at all).
 * Countries and US states are listed in full, so for "which country" a place that is not a known
 * country ("Santa Cruz", "Riyadh") is only plausible; cities are not, so any place may be one.
 */
export function typeFit(span: Span, expected: AnswerType, detail: { placeKind?: PlaceKind | undefined; money?: boolean | undefined } = {}): number {
  const { placeKind } = detail;
  if (expected === 'other') return span.type === 'person' || span.type === 'place' ? 0.6 : 0.4;
  // "How much will it cost?": "9-kilometre" is a number, but not an amount of money.
  if (expected === 'number' && detail.money === true && span.type === 'number') return isMoney(span.text) ? 1 : 0.5;
  if (expected === 'place' && placeKind !== undefined && span.type !== 'date' && span.type !== 'number') {
    if (isPlaceOfKind(span.text, placeKind)) return 1;
    if (placeKind === 'country' || placeKind === 'state') return 0.5;
  }
  if (span.type === expected) return 1;
  if ((expected === 'place' && span.type === 'person') || (expected === 'person' && span.type === 'place')) return 0.5;
  return 0;
}
