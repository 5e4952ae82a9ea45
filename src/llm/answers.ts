import type { Answer } from '../domain/answer.ts';
import type { Article } from '../domain/article.ts';
import type { Citation } from '../domain/citation.ts';
import type { Logger } from '../log.ts';
import type { ArticleStore } from '../store/article-store.ts';
import { splitSentences } from '../text/sentences.ts';
import { LlmUnavailableError, unavailableNote } from './errors.ts';
import { checkGrounding, type GroundedSentence, type GroundingSource } from './grounding.ts';
import type { GuardedLlm } from './guarded-llm.ts';
import { contentStems, stopwords, tokens } from './lexical.ts';
import { bestPassages, type PassageOptions } from './passages.ts';
import type { AnswerEngine, SearchEngine } from './ports.ts';
import { answerPrompt, notInSources } from './prompts.ts';
import type { GroundingStats } from './stats.ts';

export interface LlmAnswersDeps {
  local: AnswerEngine;
  search: SearchEngine;
  store: Pick<ArticleStore, 'getMany'>;
  llm: GuardedLlm;
  logger: Logger;
  stats?: GroundingStats | undefined;
  options?: PassageOptions & {
    /** Search hits whose articles are read for passages. */
    searchLimit?: number;
    /** Sentences of the answer at most. */
    maxSentences?: number;
    /** Reranks passages by embedding similarity too, when the LLM has an embedding model. */
    rerank?: ((question: string, sources: GroundingSource[]) => Promise<GroundingSource[]>) | undefined;
  };
}

/**
 * An answer engine that asks the LLM for a short cited answer over the passages that best
 * match the question, keeps only the sentences its sources support, and abstains when the
 * sources do not say. Whenever the LLM is unavailable, says nothing usable, or fails the
 * check, the local engine answers, with a short note.
 */
export function createLlmAnswers(deps: LlmAnswersDeps): AnswerEngine {
  const { local, search, store, llm, logger } = deps;
  const searchLimit = deps.options?.searchLimit ?? 5;
  const maxSentences = deps.options?.maxSentences ?? 2;

  async function retrieve(question: string, localAnswer: Answer | undefined): Promise<GroundingSource[]> {
    const rerank = deps.options?.rerank;
    // With embeddings, lexical retrieval casts a wider net and the reranker keeps the best.
    const results = await search.search(question, { limit: rerank ? searchLimit * 2 : searchLimit });
    // The local engine resolves follow-ups ("and when?") from the conversation: its cited articles come first.
    const ids = [...new Set([...(localAnswer?.citations ?? []).map((citation) => citation.articleId), ...results.hits.map((hit) => hit.articleId)])];
    const articles = (await store.getMany(ids)).filter((article): article is Article => article !== undefined);
    const sources = bestPassages(question, articles, rerank ? { ...deps.options, maxPassages: 12 } : deps.options);
    if (!rerank || sources.length === 0) return sources;
    return rerank(question, sources).catch((error: unknown) => {
      logger.warn({ command: 'ask', err: error instanceof Error ? error.message : String(error) }, 'embedding rerank failed; lexical order kept');
      return sources.slice(0, 4);
    });
  }

  return {
    async ask(question, options) {
      // Asked every time, once: it is the fallback, and it keeps the local engine's conversation memory current.
      const localAnswer = local.ask(question, options);
      const settled = localAnswer.then((answer) => answer, () => undefined);
      const localWith = async (note: string): Promise<Answer> => {
        const answer = await localAnswer;
        return { ...answer, note: [answer.note, note].filter(Boolean).join(' ') };
      };
      const refusal = await llm.refusal().catch(() => 'error' as const);
      if (refusal) return localWith(unavailableNote(refusal, 'answered locally'));
      let sources: GroundingSource[];
      try {
        sources = await retrieve(question, await settled);
      } catch (error) {
        logger.error({ err: error, command: 'ask' }, 'passage retrieval for the LLM failed');
        return localAnswer;
      }
      if (sources.length === 0) return localAnswer;

      let text: string;
      try {
        text = (await llm.complete('ask', answerPrompt(question, sources))).text.trim();
      } catch (error) {
        if (!(error instanceof LlmUnavailableError)) logger.error({ err: error, command: 'ask' }, 'llm answer failed');
        const reason = error instanceof LlmUnavailableError ? error.reason : 'error';
        return localWith(unavailableNote(reason, 'answered locally'));
      }
      if (text.length === 0) return localWith('The LLM gave no answer: answered locally.');
      if (text.includes(notInSources)) {
        const fromLocal = await settled;
        if (fromLocal && !fromLocal.abstained) return fromLocal;
        return {
          question,
          abstained: true,
          citations: [],
          note: `The stored articles do not answer that (checked with ${llm.model}).`,
          suggestedSearch: fromLocal?.suggestedSearch ?? keywords(question),
        };
      }
      const grounded = checkGrounding(text, sources);
      deps.stats?.record('ask', grounded);
      if (grounded.droppedCount > 0) logger.info({ command: 'ask', kept: grounded.kept.length, dropped: grounded.droppedCount, reasons: grounded.reasons }, 'llm sentences dropped by the source check');
      if (grounded.kept.length === 0) return localWith('The LLM’s answer did not match the sources: answered locally.');
      return cited(question, grounded.kept.slice(0, maxSentences), sources, llm.model);
    },
  };
}

/** Renumbers the cited sources 1..k in order of use and adds the best supporting quote. */
function cited(question: string, sentences: readonly GroundedSentence[], sources: readonly GroundingSource[], model: string): Answer {
  const renumber = new Map<number, number>();
  for (const sentence of sentences) for (const n of sentence.sources) if (!renumber.has(n)) renumber.set(n, renumber.size + 1);
  const citations: Citation[] = [];
  for (const [given, n] of renumber) {
    const source = sources.find((item) => item.n === given)!;
    citations.push({ n, articleId: source.articleId, title: source.title, source: source.source, url: source.url, publishedAt: source.publishedAt });
  }
  const text = sentences
    .map((sentence) => {
      const markers = sentence.sources.map((n) => `[${renumber.get(n)}]`).join('');
      return /[.!?]$/.test(sentence.text) ? `${sentence.text.slice(0, -1)} ${markers}${sentence.text.slice(-1)}` : `${sentence.text} ${markers}`;
    })
    .join(' ');
  return { question, abstained: false, answer: text, quote: bestQuote(text, sentences, sources), citations, note: `Written with ${model}, checked against sources.` };
}

/** The sentence of the cited passages that shares the most words with the answer, verbatim. */
function bestQuote(answer: string, sentences: readonly GroundedSentence[], sources: readonly GroundingSource[]): string | undefined {
  const wanted = new Set(contentStems(answer));
  let best: { text: string; score: number } | undefined;
  const cited = new Set(sentences.flatMap((sentence) => sentence.sources));
  for (const source of sources) {
    if (!cited.has(source.n)) continue;
    for (const sentence of splitSentences(source.text.replace(/\n…\n/g, '\n\n'))) {
      const score = new Set(contentStems(sentence).filter((item) => wanted.has(item))).size;
      if (!best || score > best.score) best = { text: sentence, score };
    }
  }
  return best && best.score > 0 ? best.text : undefined;
}

function keywords(question: string): string {
  return tokens(question).filter((word) => word.length > 2 && !stopwords.has(word)).slice(0, 4).join(' ');
}
