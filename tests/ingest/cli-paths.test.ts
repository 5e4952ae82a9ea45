import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/cli.ts';

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'newsbrief-cli-paths-'));
  mkdirSync(join(root, 'inbox'));
  writeFileSync(join(root, 'inbox', 'ferry.txt'), 'Ferry service resumes\n\nThe ferry to the islands resumed on Monday after a week of storms kept the boats in harbour.\n');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('ingest paths under npm run cli', () => {
  // npm runs scripts in the package folder and passes the folder the user typed in as
  // INIT_CWD, so a relative path must be read from there, as the user meant it.
  it('reads a relative file from the folder npm was started in', async () => {
    const run = await runCliCaptured(['ingest', 'ferry.txt'], { DATA_DIR: join(root, 'data'), LOG_LEVEL: 'silent', INIT_CWD: join(root, 'inbox') });
    expect(run.out).toMatch(/^added {6}\w{12} {2}Ferry service resumes$/m);
    expect(run.code).toBe(0);
  });

  it('names the file relative to where the command runs, and leaves absolute paths and URLs alone', async () => {
    const absolute = join(root, 'inbox', 'ferry.txt');
    const run = await runCliCaptured(['ingest', absolute, 'missing.txt'], { DATA_DIR: join(root, 'data'), LOG_LEVEL: 'silent', INIT_CWD: join(root, 'inbox') });
    expect(run.out).toMatch(/^duplicate {2}\w{12} {2}Ferry service resumes/m);
    expect(run.out).toContain(`error      ${relative(process.cwd(), join(root, 'inbox', 'missing.txt'))}: Cannot read`);
  });
});

describe('ingest item numbers', () => {
  // People find the bad item by its number: it must count from 1, as lines and items are
  // counted, and never name two items alike.
  it('numbers JSONL lines and feed items from 1, the same way for files and stdin', async () => {
    const lines = [
      JSON.stringify({ title: 'Canal locks reopen', text: 'The canal locks reopened on Monday after months of maintenance by the waterways agency.' }),
      'broken',
      JSON.stringify({ title: 'Tram stops added', text: 'The tram network will add four new stops next year, the transport authority said on Tuesday.' }),
    ].join('\n');
    writeFileSync(join(root, 'batch.jsonl'), `${lines}\n`);
    const good = (title: string, text: string) => `<item><title>${title}</title><link>https://bw.example/${title.length}</link><description>${text}</description></item>`;
    writeFileSync(join(root, 'wire.xml'), `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>${good('Ferry timetable changes', 'The ferry timetable changes for the winter season from next Monday, the operator said.')}<item><title>Bad & <story></title><description>Unclosed <b>bold text here.</description></item>${good('Library opens late', 'The central library will stay open until ten in the evening on weekdays from December.')}</channel></rss>`);
    const env = { DATA_DIR: join(root, 'numbers'), LOG_LEVEL: 'silent' };
    const file = await runCliCaptured(['ingest', '--json', join(root, 'batch.jsonl'), join(root, 'wire.xml')], env);
    const reports = file.out.trim().split('\n').map((text) => JSON.parse(text) as { index: number; status: string; target: string });
    expect(reports.map((report) => [report.target.endsWith('jsonl') ? 'jsonl' : 'rss', report.index, report.status])).toEqual([
      ['jsonl', 1, 'added'],
      ['jsonl', 2, 'error'],
      ['jsonl', 3, 'added'],
      ['rss', 1, 'added'],
      ['rss', 2, 'error'],
      ['rss', 3, 'added'],
    ]);
    const stdin = await runCliCaptured(['ingest', '--json', '--jsonl'], { ...env, DATA_DIR: join(root, 'numbers-stdin') }, { input: lines });
    expect(stdin.out.trim().split('\n').map((text) => (JSON.parse(text) as { index: number }).index)).toEqual([1, 2, 3]);
  });
});
