import { createRequire } from 'node:module';

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

/** `lexrank`: Radev's LexRank (power iteration over sentence similarity). */
function lexrank(): PeerSummarizer {
  const lex = require('lexrank') as { summarize(text: string, lines: number, callback: (error: unknown, top: Array<{ text: string }>) => void): void };
  return (text, sentences) =>
    new Promise((resolve, reject) => {
      lex.summarize(text, sentences, (error, top) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(top.map((line) => line.text))));
    });
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
