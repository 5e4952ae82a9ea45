import type { AnalysedQuestion } from './question.ts';

/** How long a follow-up may lean on the previous question. */
export const followUpWindowMs = 10 * 60_000;
const maxConversations = 10_000;

/** "and what did Russia say?", "what about Poland?", "and when?" */
const followUpStart = /^(and|but|also|so|then|what about|how about|and what about|what of)\b/i;
const pronoun = /\b(he|she|they|it|him|her|them|his|their|its|that|this|there|then)\b/i;

/** Whether a question reads as a continuation of the previous one rather than a new topic. */
export function isFollowUp(question: AnalysedQuestion): boolean {
  return followUpStart.test(question.text) || (question.terms.length <= 2 && pronoun.test(question.text));
}

/**
 * Remembers each conversation's last question for a while, and folds it into follow-ups:
 * the earlier question's words join the new ones at half weight, so "and what did Russia
 * say?" after "what did Rubio say about concessions?" searches Russia plus concessions.
 */
export class ConversationMemory {
  private readonly last = new Map<string, { question: AnalysedQuestion; at: number }>();

  resolve(key: string | undefined, question: AnalysedQuestion, now: number): AnalysedQuestion {
    if (key === undefined) return question;
    const previous = this.last.get(key);
    let resolved = question;
    if (previous !== undefined && now - previous.at <= followUpWindowMs && isFollowUp(question)) {
      const own = new Set(question.terms.map((term) => term.term));
      const inherited = previous.question.terms.filter((term) => !own.has(term.term)).map((term) => ({ ...term, weight: term.weight * 0.5, inherited: true }));
      const keepType = question.type === 'other' && /^(and|what about|how about)\b/i.test(question.text) && question.terms.length <= 2;
      resolved = { ...question, type: keepType ? previous.question.type : question.type, terms: [...question.terms, ...inherited] };
    }
    this.last.delete(key);
    if (this.last.size >= maxConversations) this.last.delete(this.last.keys().next().value!);
    // A follow-up is remembered with what it inherited, so a chain of follow-ups keeps its topic.
    this.last.set(key, { question: resolved, at: now });
    return resolved;
  }
}
