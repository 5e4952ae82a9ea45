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
