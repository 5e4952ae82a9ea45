import { PassThrough, Readable } from 'node:stream';
import { runCli, type CliIo } from '../../adapters/cli/main.ts';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/**
 * Runs one CLI invocation in this process, as `npm run cli -- …` would, with `input` on stdin,
 * and captures what it printed.
 */
export async function runCliCaptured(argv: string[], env: Record<string, string>, options: { input?: string; io?: Partial<Pick<CliIo, 'deliveryWiring' | 'openApp'>> } = {}): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => (out += String(chunk)));
  stderr.on('data', (chunk) => (err += String(chunk)));
  const code = await runCli({ argv, env, stdout, stderr, stdin: Readable.from([options.input ?? '']), ...options.io });
  return { code, out, err };
}
