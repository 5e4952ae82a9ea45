import { articleTime, type ArticleMeta } from '../domain/article.ts';
import { storyFeatures, type StoryFeatures } from './cluster.ts';
import { contentTerms } from './terms.ts';

/** What the digest keeps of an article between briefings: cheap to build, no sentence splitting. */
export interface ArticleProfile {
  meta: ArticleMeta;
  time: number;
  features: StoryFeatures;
  titleTerms: ReadonlySet<string>;
  textTerms: ReadonlySet<string>;
}

/** How much of the text stands for "the lead" when grouping stories: the first paragraphs (about 500 words). */
const leadChars = 3_000;

function leadOf(text: string): string {
  if (text.length <= leadChars) return text;
  const cut = text.lastIndexOf(' ', leadChars);
  return text.slice(0, cut > 0 ? cut : leadChars);
}

/** Builds the profile of one stored article. */
export function profileArticle(meta: ArticleMeta, text: string): ArticleProfile {
  const time = articleTime(meta);
  const features = storyFeatures(meta.title, leadOf(text), time);
  return {
    meta,
    time,
    features,
    titleTerms: new Set(features.titleTerms),
    textTerms: new Set(contentTerms(text)),
  };
}
