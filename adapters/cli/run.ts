import type { Command } from 'commander';
import { startNewsbrief, type StartIo } from '../main.ts';
import type { CliContext } from './context.ts';

/**
 * `console` and `start`: the same program as `npm start`, from the CLI (and the `newsbrief`
 * bin). They open the store themselves, so they never use the CLI's lazily opened app.
 */
export function registerRun(program: Command, context: CliContext, env: NodeJS.ProcessEnv): void {
  const io: StartIo = { env, stdin: context.stdin as StartIo['stdin'], stdout: context.stdout, stderr: context.stderr };
  program
    .command('console')
    .description('the local console: type commands (/brief, /ask …) against the configured store, even when bot tokens are set')
    .action(async () => context.setExitCode(await startNewsbrief(io, { mode: 'console' })));
  program
    .command('start')
    .description('run newsbrief as `npm start` does: the bots that are configured (with delivery and feed polling), or the console')
    .action(async () => context.setExitCode(await startNewsbrief(io, { mode: 'auto' })));
}
