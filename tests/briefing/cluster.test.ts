import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clusterStories, storyFeatures } from '../../src/briefing/cluster.ts';

interface Sample {
  title: string;
  text: string;
  publishedAt: string;
}

const samples = readFileSync(new URL('../../samples/articles.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as Sample);

/** The multi-outlet stories the sample README lists, recognised by their titles. */
const expectedGroups: Record<string, (sample: Sample) => boolean> = {
  kyiv: (s) => /Kyiv/.test(s.title),
  storm: (s) => /Storm Ilse/.test(s.title),
  inflation: (s) => /Inflation eases|Price growth slows/.test(s.title),
  rail: (s) => /Riverton (council|backs)/.test(s.title),
  lumen: (s) => /Lumen/.test(s.title),
  cup: (s) => /cup/i.test(s.title) && /Riverton|Harbor City/.test(s.title),
  wheat: (s) => /wheat/i.test(s.title),
};

function features(sample: Sample) {
  return storyFeatures(sample.title, sample.text.slice(0, 700), Date.parse(sample.publishedAt));
}

describe('clusterStories', () => {
  it('groups the sample set into its multi-outlet stories and leaves the rest alone', () => {
    const groups = clusterStories(samples.map(features));
    const labelOf = (sample: Sample) => Object.entries(expectedGroups).find(([, test]) => test(sample))?.[0];
    for (const [label, test] of Object.entries(expectedGroups)) {
      const members = samples.map((sample, i) => (test(sample) ? i : -1)).filter((i) => i >= 0);
      expect(members.length, label).toBeGreaterThanOrEqual(2);
      const group = groups.find((candidate) => candidate.includes(members[0]!))!;
      expect(group.sort(), label).toEqual(members.sort());
    }
    for (const group of groups) {
      const labels = new Set(group.map((i) => labelOf(samples[i]!) ?? `single-${i}`));
      expect(labels.size).toBe(1);
    }
    expect(groups.flat().sort((a, b) => a - b)).toEqual(samples.map((_, i) => i));
  });

  it('keeps the same words apart when the reports are weeks apart', () => {
    const a = storyFeatures('Flooding closes Ashford bridge', 'The river flooded the Ashford bridge on Monday.', Date.UTC(2026, 0, 5));
    const b = storyFeatures('Flooding closes Ashford bridge', 'The river flooded the Ashford bridge on Monday.', Date.UTC(2026, 0, 6));
    const c = storyFeatures('Flooding closes Ashford bridge', 'The river flooded the Ashford bridge on Monday.', Date.UTC(2026, 3, 6));
    expect(clusterStories([a, b, c])).toEqual([[0, 1], [2]]);
  });

  it('handles no articles and one article', () => {
    expect(clusterStories([])).toEqual([]);
    expect(clusterStories([storyFeatures('One', 'Only one report.', 0)])).toEqual([[0]]);
  });
});
