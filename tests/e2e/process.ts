import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Runs newsbrief as a person does: a separate Node process started from the entry points
 * `npm start` and `npm run cli` use, with a clean environment (no tokens or `.env` leak in
 * from the developer's shell: the working directory is an empty temporary folder).
 */

export const entry = {
  start: fileURLToPath(new URL('../../adapters/main.ts', import.meta.url)),
  cli: fileURLToPath(new URL('../../adapters/cli/main.ts', import.meta.url)),
};

export interface Sandbox {
  dir: string;
  dataDir: string;
  /** The environment every process gets: PATH, HOME, DATA_DIR and what the test adds. */
  env(extra?: Record<string, string>): Record<string, string>;
  remove(): Promise<void>;
}

export async function makeSandbox(): Promise<Sandbox> {
  const dir = await mkdtemp(join(tmpdir(), 'newsbrief-e2e-'));
  const dataDir = join(dir, 'data');
  return {
    dir,
    dataDir,
    env: (extra = {}) => ({ PATH: process.env.PATH ?? '', HOME: dir, DATA_DIR: dataDir, ...extra }),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface Running {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when stdout or stderr matches. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Sends a signal and resolves with how the process ended. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<Finished>;
  finished: Promise<Finished>;
}

export function startProcess(script: string, args: string[], options: { env: Record<string, string>; cwd: string; input?: string | undefined }): Running {
  const child = spawn(process.execPath, [script, ...args], { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    for (const listener of listeners) listener();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    for (const listener of listeners) listener();
  });
  if (options.input !== undefined) child.stdin!.end(options.input);
  const finished = new Promise<Finished>((resolve) => child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    finished,
    waitForOutput: (pattern, timeoutMs = 15_000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!pattern.test(stdout) && !pattern.test(stderr)) return;
          cleanup();
          resolve();
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for ${pattern}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      }),
    stop: async (signal = 'SIGTERM', timeoutMs = 10_000) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const result = await finished;
      clearTimeout(timer);
      return result;
    },
  };
}

/** Runs a process to the end (killing it after `timeoutMs`). */
export async function runProcess(script: string, args: string[], options: { env: Record<string, string>; cwd: string; input?: string | undefined; timeoutMs?: number | undefined }): Promise<Finished> {
  const running = startProcess(script, args, { ...options, input: options.input ?? '' });
  const timer = setTimeout(() => running.child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
  const result = await running.finished;
  clearTimeout(timer);
  return result;
}
