import { createRequire } from 'node:module';
import { loadGuarded, type PrototypeGuard } from './prototype-guard.ts';

/** An extractive summarizer under test: text in, sentences out. */
export type PeerSummarizer = (text: string, sentences: number) => Promise<string[]>;

const require = createRequire(import.meta.url);

interface TsTextrank {
  AbsoluteSummarizerConfig: new (count: number, similarity: unknown, parser: unknown, damping: number, sorting: number) => unknown;
  SorensenDiceSimilarity: new () => unknown;
  DefaultTextParser: new () => unknown;
  NullLogger: new () => unknown;
  Summarizer: (new (config: unknown, logger: unknown) => { summarize(text: string, language: string): string[] }) & { SORT_OCCURENCE: number };
}

/** `ts-textrank`: TextRank with Sørensen–Dice sentence similarity. */
function tsTextrank(): PeerSummarizer {
  const tr = require('ts-textrank') as TsTextrank;
  return async (text, sentences) => {
    const config = new tr.AbsoluteSummarizerConfig(sentences, new tr.SorensenDiceSimilarity(), new tr.DefaultTextParser(), 0.85, tr.Summarizer.SORT_OCCURENCE);
    return new tr.Summarizer(config, new tr.NullLogger()).summarize(text, 'en');
  };
}

/** `lexrank`: Radev's LexRank (power iteration over sentence similarity). Its Sugar 1.3 dependency rewrites the built-ins, so it runs behind a prototype guard. */
type Lexrank = { summarize(text: string, lines: number, callback: (error: unknown, top: Array<{ text: string }>) => void): void };
// Loaded once: a second require() is served from the module cache and changes nothing to record.
let lexrankGuard: PrototypeGuard<Lexrank> | undefined;
function lexrank(): PeerSummarizer {
  const guard = (lexrankGuard ??= loadGuarded(() => require('lexrank') as Lexrank));
  return async (text, sentences) => {
    // lexrank's summarize is synchronous (the callback runs before it returns), so the guard covers all of it.
    let outcome: { error: unknown; top: Array<{ text: string }> } | undefined;
    guard.run(() => guard.value.summarize(text, sentences, (error, top) => (outcome = { error, top })));
    if (outcome === undefined) throw new Error('lexrank did not answer synchronously');
    if (outcome.error) throw outcome.error instanceof Error ? outcome.error : new Error(String(outcome.error));
    return outcome.top.map((line) => line.text);
  };
}

/** `node-summarizer`, word-frequency method (its TextRank method needs WordNet lookups per word). */
function nodeSummarizer(): PeerSummarizer {
  const { SummarizerManager } = require('node-summarizer') as { SummarizerManager: new (text: string, count: number) => { getSummaryByFrequency(): { summary: string | Error } } };
  return async (text, sentences) => {
    const { summary } = new SummarizerManager(text, sentences).getSummaryByFrequency();
    if (typeof summary !== 'string') return [];
    // It concatenates its picks with no separator ("… data .Retrieving …"): cut where a sentence end meets a capital.
    return summary.split(/(?<=[.!?]["”’']?)(?=["“]?[A-Z])/).map((sentence) => sentence.trim()).filter(Boolean);
  };
}

/** npm summarizers scored beside newsbrief, by the name shown in the tables. */
export function npmPeers(): Array<{ name: string; summarize: PeerSummarizer }> {
  return [
    { name: 'ts-textrank 1.0.3', summarize: tsTextrank() },
    { name: 'lexrank 1.0.5', summarize: lexrank() },
    { name: 'node-summarizer 1.0.7 (frequency)', summarize: nodeSummarizer() },
  ];
}
