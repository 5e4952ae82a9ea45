import { contentTerms } from './terms.ts';

/** What ranking knows of a story. */
export interface StoryStats {
  /** Newest article time, ms since epoch. */
  latest: number;
  articles: number;
  outlets: number;
  /** 0–1: how well the story matches the requested topics (1 when none were asked for). */
  topicMatch: number;
}

/** Importance halves every this many hours of age. */
const halfLifeHours = 24;

/**
 * How high a story goes in a briefing: fresh, reported by several independent outlets,
 * covered at length, on the asked topic. Outlets count more than articles: five outlets
 * are a bigger story than one outlet's five updates.
 */
export function storyScore(story: StoryStats, reference: number): number {
  const ageHours = Math.max(0, reference - story.latest) / 3600_000;
  const recency = Math.pow(0.5, ageHours / halfLifeHours);
  const reach = 1 + Math.log2(Math.max(1, story.outlets)) + 0.25 * Math.log2(Math.max(1, story.articles));
  return recency * reach * (0.5 + 0.5 * story.topicMatch);
}

/** Parsed topic filters: each topic is a set of stemmed words that must all appear. */
export function parseTopics(topics: readonly string[] | undefined): string[][] {
  return (topics ?? []).map((topic) => [...new Set(contentTerms(topic))]).filter((terms) => terms.length > 0);
}

/**
 * 0–1: how well an article matches any topic. A topic matches when all its words appear;
 * a match in the title counts fully, one only in the text counts half.
 */
export function topicMatch(topics: readonly string[][], titleTerms: ReadonlySet<string>, textTerms: ReadonlySet<string>): number {
  let best = 0;
  for (const topic of topics) {
    if (topic.every((term) => titleTerms.has(term))) return 1;
    if (topic.every((term) => titleTerms.has(term) || textTerms.has(term))) best = 0.5;
  }
  return best;
}
