import type { Briefing, BriefingItem } from '../domain/briefing.ts';
import type { Citation } from '../domain/citation.ts';
import { clusterStories } from './cluster.ts';
import type { PreparedDocument } from './document.ts';
import type { ArticleProfile } from './profile.ts';
import { parseTopics, storyScore, topicMatch } from './rank.ts';
import { storyTuning, summarizeStory } from './story-summary.ts';

export interface DigestOptions {
  topics?: readonly string[] | undefined;
  since?: number | undefined;
  until?: number | undefined;
  /** Stories to return (after `offset`); default 5. */
  maxItems?: number | undefined;
  offset?: number | undefined;
  /** Sentences per story, 1–3; default 2. */
  sentencesPerItem?: number | undefined;
  /** Characters of summary text per story (a budget instead of a count). */
  maxCharsPerItem?: number | undefined;
  /** Most citations listed per story (the articles quoted come first). */
  maxCitationsPerItem?: number | undefined;
  now: Date;
  /** Groups articles into stories; the service passes a memoised `clusterStories`. */
  groupStories?: ((profiles: readonly ArticleProfile[]) => number[][]) | undefined;
}

/**
 * A story in a briefing gets only two or three sentences, so each must say something new: a
 * second outlet's version of the first sentence is skipped. (Longer multi-article summaries,
 * `digest --jsonl`, keep the plain story tuning: there, repeating the central facts is right.)
 */
const briefingTuning = { ...storyTuning, minNovelty: 0.35 };

interface Story {
  members: number[];
  score: number;
  latest: number;
  outlets: string[];
}

function outletsOf(profiles: readonly ArticleProfile[], members: readonly number[]): string[] {
  const outlets = new Map<string, string>();
  for (const index of members) {
    const meta = profiles[index]!.meta;
    for (const source of [meta.source, ...(meta.aliases ?? []).map((alias) => alias.source)]) {
      if (source && !outlets.has(source.toLowerCase())) outlets.set(source.toLowerCase(), source);
    }
  }
  return [...outlets.values()];
}

function titleOf(topics: readonly string[] | undefined): string {
  return topics && topics.length > 0 ? `Briefing: ${topics.join(', ')}` : 'Briefing';
}

/**
 * Builds a briefing from the articles in a window: groups them into stories, ranks the
 * stories, and summarises the chosen ones with sentences from their own articles, each
 * sentence citing the article it was taken from.
 *
 * `documentsOf(indices)` gives the prepared sentences of those `profiles`; it is called only
 * for the articles of stories that make it into the briefing.
 */
export async function buildBriefing(
  profiles: readonly ArticleProfile[],
  documentsOf: (indices: readonly number[]) => Promise<PreparedDocument[]>,
  options: DigestOptions,
): Promise<Briefing> {
  const topics = parseTopics(options.topics);
  const base = {
    title: titleOf(options.topics),
    generatedAt: options.now.toISOString(),
    since: options.since === undefined ? undefined : new Date(options.since).toISOString(),
    until: options.until === undefined ? undefined : new Date(options.until).toISOString(),
    topics: options.topics && options.topics.length > 0 ? [...options.topics] : undefined,
    articleCount: profiles.length,
  };
  const matches = profiles.map((profile) => (topics.length === 0 ? 1 : topicMatch(topics, profile.titleTerms, profile.textTerms)));
  // The whole window is grouped, then stories are kept by topic: a story groups the same way with
  // or without a topic (grouping only the matching articles weighs their shared words as common and
  // splits stories), and the grouping of a window is cached, so topic briefings reuse it.
  const reference = options.until ?? options.now.getTime();
  const stories: Story[] = [];
  const group = options.groupStories ?? ((list: readonly ArticleProfile[]) => clusterStories(list.map((profile) => profile.features)));
  for (const members of group(profiles)) {
    const match = Math.max(...members.map((index) => matches[index]!));
    if (match <= 0) continue;
    const latest = Math.max(...members.map((index) => profiles[index]!.time));
    const outlets = outletsOf(profiles, members);
    const score = storyScore({ latest, articles: members.length, outlets: outlets.length, topicMatch: match }, reference);
    stories.push({ members, score, latest, outlets });
  }
  stories.sort((a, b) => b.score - a.score || b.latest - a.latest);
  const offset = Math.max(0, options.offset ?? 0);
  const chosen = stories.slice(offset, offset + Math.max(1, options.maxItems ?? 5));

  const citations: Citation[] = [];
  const items: BriefingItem[] = [];
  const perItem = Math.min(3, Math.max(1, options.sentencesPerItem ?? 2));
  const maxCitations = Math.max(1, options.maxCitationsPerItem ?? 8);
  for (const story of chosen) {
    // Newest first, so a story's lead article is its latest report unless an older one says more.
    const members = [...story.members].sort((a, b) => profiles[b]!.time - profiles[a]!.time);
    const docs = await documentsOf(members);
    const picked = summarizeStory(docs, { count: perItem, chars: options.maxCharsPerItem }, briefingTuning);
    const quoted = [...new Set(picked.map((sentence) => members[sentence.article]!))];
    const listed = [...quoted, ...members.filter((index) => !quoted.includes(index))].slice(0, Math.max(maxCitations, quoted.length));
    const numberOf = new Map<number, number>();
    for (const index of listed) {
      const meta = profiles[index]!.meta;
      const n = citations.length + 1;
      citations.push({ n, articleId: meta.id, title: meta.title, source: meta.source, url: meta.url, publishedAt: meta.publishedAt });
      numberOf.set(index, n);
    }
    const lead = profiles[quoted[0] ?? members[0]!]!.meta;
    items.push({
      headline: lead.title,
      sentences: picked.map((sentence) => ({ text: sentence.text, citations: [numberOf.get(members[sentence.article]!)!] })),
      citations: listed.map((index) => numberOf.get(index)!),
      articleIds: members.map((index) => profiles[index]!.meta.id),
      sources: story.outlets,
      publishedAt: new Date(story.latest).toISOString(),
    });
  }
  return { ...base, items, citations, note: noteFor(profiles.length, stories.length, items.length, offset, topics.length > 0) };
}

function noteFor(articles: number, stories: number, shown: number, offset: number, filtered: boolean): string {
  if (articles === 0) return 'No stored articles in this time window. Add feeds with /sources, or try a longer window (e.g. 7d).';
  if (stories === 0) return `None of the ${articles} stored articles in this window match the topic. Try other words or a longer window.`;
  if (shown === 0) return offset > 0 ? 'No more stories.' : 'No stories to show.';
  return `Local summary: ${stories} ${stories === 1 ? 'story' : 'stories'} from ${articles} ${articles === 1 ? 'article' : 'articles'}${filtered ? ' on this topic' : ''}; sentences quoted from the cited articles.`;
}
