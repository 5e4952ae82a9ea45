import { readdir } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { entry, makeSandbox, runProcess, type Sandbox } from './process.ts';

/** Splits console output into the replies to each `> /command` echo line. */
function replies(stdout: string): Map<string, string> {
  const parts = new Map<string, string>();
  const chunks = stdout.split(/^> /m).slice(1);
  for (const chunk of chunks) {
    const newline = chunk.indexOf('\n');
    parts.set(chunk.slice(0, newline).trim(), chunk.slice(newline + 1));
  }
  return parts;
}

/** Every `[n]` used in the text has a source line `[n] title — outlet, date — https://…`. */
function expectGrounded(reply: string): void {
  const [body, sources = ''] = reply.split(/^Sources$/m);
  const used = new Set([...body!.matchAll(/\[(\d+)\]/g)].map((match) => match[1]!));
  expect(used.size).toBeGreaterThan(0);
  for (const n of used) expect(sources).toMatch(new RegExp(`^\\[${n}\\] .+ — https?://\\S+$`, 'm'));
}

describe('npm start on a fresh machine (no tokens): the console on sample articles', () => {
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = await makeSandbox();
  });
  afterEach(async () => {
    await sandbox.remove();
  });

  it('loads the samples into a file under DATA_DIR and answers piped commands with cited replies, then exits 0', async () => {
    const input = ['/brief', '/ask who met in Kyiv?', '/ask what is the capital of France?', '/search storm', '/brief since:banana', ''].join('\n');
    const result = await runProcess(entry.start, [], { env: sandbox.env(), cwd: sandbox.dir, input, timeoutMs: 60_000 });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/^newsbrief: the store was empty: loaded 26 fictional sample articles/m);
    const byCommand = replies(result.stdout);

    const brief = byCommand.get('/brief')!;
    expect(brief).toMatch(/^Briefing/m);
    expect(brief).toMatch(/Kyiv/);
    expectGrounded(brief);

    const kyiv = byCommand.get('/ask who met in Kyiv?')!;
    expect(kyiv).toMatch(/Kovalenko|Reyes/);
    expectGrounded(kyiv);

    // Not in the store: it says so and cites nothing.
    const france = byCommand.get('/ask what is the capital of France?')!;
    expect(france).toMatch(/not in the stored articles/i);
    expect(france).not.toMatch(/^Sources$/m);

    expect(byCommand.get('/search storm')).toMatch(/Storm Ilse[\s\S]*https:\/\/\S+\.example\//);
    // A bad option is a clear error naming the option and the fix; the session carried on.
    expect(byCommand.get('/brief since:banana')).toMatch(/since .* not valid.*\n?.*30m, 24h, 7d/);

    // The embedded store is a file under DATA_DIR.
    expect((await readdir(sandbox.dataDir)).length).toBeGreaterThan(0);
  });

  it('keeps what it stored: a second start finds the articles and does not load the samples again', async () => {
    await runProcess(entry.start, [], { env: sandbox.env(), cwd: sandbox.dir, input: '/help\n', timeoutMs: 60_000 });
    const again = await runProcess(entry.start, [], { env: sandbox.env({ LOG_LEVEL: 'info' }), cwd: sandbox.dir, input: '/search Riverton\n', timeoutMs: 60_000 });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toMatch(/fictional sample articles/);
    expect(again.stdout).toMatch(/Riverton/);
  });

  it('SAMPLE_ARTICLES=never starts on an empty store and says there is nothing to brief', async () => {
    const result = await runProcess(entry.start, [], { env: sandbox.env({ SAMPLE_ARTICLES: 'never' }), cwd: sandbox.dir, input: '/brief\n/ask who met in Kyiv?\n', timeoutMs: 60_000 });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toMatch(/https:\/\/\S+\.example\//);
    expect(replies(result.stdout).get('/ask who met in Kyiv?')).toMatch(/not in the stored articles/i);
  });

  it('a bad configuration value stops start-up with one line naming the variable and the fix, exit 2, no secret echoed', async () => {
    const result = await runProcess(entry.start, [], { env: sandbox.env({ LOG_LEVEL: 'loud', OPENAI_API_KEY: 'sk-e2e-secret-value' }), cwd: sandbox.dir, input: '', timeoutMs: 30_000 });
    expect(result.code).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/LOG_LEVEL/);
    expect(lines[0]).toMatch(/LOG_LEVEL=info/);
    expect(result.stderr + result.stdout).not.toContain('sk-e2e-secret-value');
  });

  it('the CLI console subcommand runs the same console', async () => {
    const result = await runProcess(entry.cli, ['console'], { env: sandbox.env(), cwd: sandbox.dir, input: '/ask who met in Kyiv?\n', timeoutMs: 60_000 });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Kovalenko|Reyes/);
  });
});
