import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/cli.ts';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'newsbrief-batch-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

async function cli(args: string[], input = ''): Promise<{ code: number; lines: Array<Record<string, unknown>>; stderr: string }> {
  const { code, out, err } = await runCliCaptured(args, { DATA_DIR: dataDir }, { input });
  return { code, lines: out.trim() ? out.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>) : [], stderr: err };
}

const story = 'WASHINGTON — The Senate passed the infrastructure bill late on Friday after weeks of talks. The bill funds roads, bridges and rail lines across the country. Senator Ruiz said the vote was a victory for commuters. The House will vote next week. Critics said the bill cost too much.';

describe('summarize --jsonl', () => {
  it('answers every line in input order, with an error line for each bad one', async () => {
    const input = [
      JSON.stringify({ id: 'a', text: story, title: 'Senate passes infrastructure bill' }),
      'this is not json',
      JSON.stringify({ id: 'c' }),
      JSON.stringify([1, 2]),
      '',
      JSON.stringify({ id: 7, text: 'One short sentence only.' }),
      JSON.stringify({ id: 'e', text: '' }),
    ].join('\n');
    const { code, lines } = await cli(['summarize', '--jsonl'], input);
    expect(code).toBe(1);
    expect(lines.map((line) => line.id)).toEqual(['a', null, 'c', null, 7, 'e']);
    expect((lines[0]!.summary as string).split('\n')).toHaveLength(3);
    expect(lines[0]!.summary).toMatch(/^The Senate passed the infrastructure bill/);
    expect(lines[1]!.error).toMatch(/line 2 is not valid JSON/);
    expect(lines[2]!.error).toMatch(/"text" must be a string/);
    expect(lines[3]!.error).toMatch(/not a JSON object/);
    expect(lines[4]).toEqual({ id: 7, summary: 'One short sentence only.' });
    expect(lines[5]).toEqual({ id: 'e', summary: '' });
  });

  it('takes a sentence count or a character budget', async () => {
    const input = JSON.stringify({ id: 'a', text: story });
    const one = await cli(['summarize', '--jsonl', '--sentences', '1'], input);
    expect(one.code).toBe(0);
    expect((one.lines[0]!.summary as string).split('\n')).toHaveLength(1);
    const budget = await cli(['summarize', '--jsonl', '--chars', '150'], input);
    expect((budget.lines[0]!.summary as string).length).toBeLessThanOrEqual(150);
    expect((await cli(['summarize', '--jsonl', '--sentences', '0'], input)).code).toBe(2);
    expect((await cli(['summarize', '--jsonl', '--sentences', '2', '--chars', '100'], input)).code).toBe(2);
  });
});

describe('digest --jsonl', () => {
  it('summarises a multi-article story and reports bad lines', async () => {
    const input = [
      JSON.stringify({ id: 's1', articles: [{ text: story, title: 'Senate passes bill' }, { text: 'The infrastructure bill cleared the Senate on Friday night. It now goes to the House, where a vote is expected next week. Governors welcomed the money for bridges.' }] }),
      JSON.stringify({ id: 's2', articles: 'nope' }),
      JSON.stringify({ id: 's3', articles: [{ title: 'no text' }] }),
      JSON.stringify({ id: 's4', articles: [] }),
    ].join('\n');
    const { code, lines } = await cli(['digest', '--jsonl', '--sentences', '4'], input);
    expect(code).toBe(1);
    expect(lines.map((line) => line.id)).toEqual(['s1', 's2', 's3', 's4']);
    const sentences = (lines[0]!.summary as string).split('\n');
    expect(sentences.length).toBeGreaterThanOrEqual(3);
    expect(sentences.length).toBeLessThanOrEqual(4);
    expect(lines[1]!.error).toMatch(/"articles" must be an array/);
    expect(lines[2]!.error).toMatch(/articles\[0\]\.text/);
    expect(lines[3]).toEqual({ id: 's4', summary: '' });
  });

  it('refuses to run without --jsonl, with a usage error', async () => {
    const { code, stderr, lines } = await cli(['digest']);
    expect(code).toBe(2);
    expect(lines).toEqual([]);
    expect(stderr).toMatch(/digest needs --jsonl/);
  });
});

async function rawCli(args: string[]): Promise<{ code: number; text: string }> {
  const { code, out } = await runCliCaptured(args, { DATA_DIR: dataDir });
  return { code, text: out };
}

describe('brief', () => {
  it('prints a cited briefing of the stored articles, as Markdown or JSON', async () => {
    const samples = readFileSync(new URL('../../samples/articles.jsonl', import.meta.url), 'utf8');
    expect((await cli(['ingest', '--jsonl', '--json'], samples)).code).toBe(0);
    const markdown = await rawCli(['brief', 'storm', '--limit', '1']);
    expect(markdown.code).toBe(0);
    expect(markdown.text).toMatch(/^# Briefing: storm\n/);
    expect(markdown.text).toMatch(/^1\. \*\*Storm Ilse/m);
    expect(markdown.text).toMatch(/^\[1\] .*Storm Ilse.* <https:\/\//m);
    const json = await rawCli(['brief', '--json', '--limit', '3']);
    expect(json.code).toBe(0);
    const briefing = JSON.parse(json.text) as { items: Array<{ sentences: Array<{ citations: number[] }> }>; citations: Array<{ n: number }> };
    expect(briefing.items).toHaveLength(3);
    const numbers = new Set(briefing.citations.map((citation) => citation.n));
    for (const item of briefing.items) for (const sentence of item.sentences) expect(numbers.has(sentence.citations[0]!)).toBe(true);
  });
});
