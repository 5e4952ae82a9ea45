import type { Command } from 'commander';
import { UserError } from '../../src/errors.ts';
import { llmSettings, openTokenBudget } from '../../src/llm/index.ts';
import { line, type CliContext } from './context.ts';

/** `usage [--days N] [--json]`: LLM tokens by day and command, and today's budget. */
export function registerUsage(program: Command, context: CliContext): void {
  program
    .command('usage')
    .description('LLM tokens used by day and command, and what is left of today’s budget')
    .option('--days <n>', 'how many days back (1–120)', (value) => Number.parseInt(value, 10), 14)
    .option('--json', 'print {"model","dailyLimit","remainingToday","days":[{"day","tokens","calls","commands"}]}')
    .action(async (options: { days: number; json?: boolean }) => {
      if (!Number.isInteger(options.days) || options.days < 1 || options.days > 120) throw new UserError('usage', '--days must be a whole number from 1 to 120.');
      const app = await context.app();
      const budget = openTokenBudget({ config: app.config, backend: app.backend, now: app.now });
      const days = await budget.usage(options.days);
      const remaining = await budget.remaining();
      const model = llmSettings(app.config)?.model;
      if (options.json) {
        const report = { model: model ?? null, dailyLimit: budget.dailyLimit ?? null, remainingToday: Number.isFinite(remaining) ? remaining : null, days };
        line(context.stdout, JSON.stringify(report, null, 2));
        return;
      }
      line(context.stdout, model ? `LLM mode: ${model}` : 'LLM mode is off (set LLM_MODEL and OPENAI_API_KEY or OPENAI_BASE_URL to turn it on).');
      line(context.stdout, budget.dailyLimit === undefined ? 'Daily budget: no limit' : `Daily budget: ${fmt(budget.dailyLimit)} tokens, ${fmt(remaining)} left today (resets at 00:00 UTC)`);
      line(context.stdout);
      const used = days.filter((day) => day.calls > 0);
      if (used.length === 0) {
        line(context.stdout, `No LLM calls in the last ${options.days} day${options.days === 1 ? '' : 's'}.`);
        return;
      }
      const commands = [...new Set(used.flatMap((day) => Object.keys(day.commands)))].sort();
      const header = ['day'.padEnd(10), ...commands.map((name) => name.padStart(10)), 'total'.padStart(10), 'calls'.padStart(7)];
      line(context.stdout, header.join('  '));
      for (const day of used) {
        const cells = [day.day, ...commands.map((name) => fmt(day.commands[name]?.tokens ?? 0).padStart(10)), fmt(day.tokens).padStart(10), String(day.calls).padStart(7)];
        line(context.stdout, cells.join('  '));
      }
    });
}

function fmt(value: number): string {
  return value.toLocaleString('en');
}
