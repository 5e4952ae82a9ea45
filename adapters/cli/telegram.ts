import type { Command } from 'commander';
import { checkTelegramBot } from '../telegram/check.ts';
import { createTelegramNotifierFromConfig } from '../telegram/notifier.ts';
import { ChatMigratedError, ChatUnreachableError, RateLimitedError } from '../../src/delivery/notifier.ts';
import { UserError, errorMessage } from '../../src/errors.ts';
import { line, type CliContext } from './context.ts';

/** `telegram check` and `telegram send-test CHAT`: verify the token and a chat's delivery before going live. */
export function registerTelegram(program: Command, context: CliContext): void {
  const telegram = program.command('telegram').description('Telegram bot setup');

  telegram
    .command('check')
    .description('check TELEGRAM_BOT_TOKEN with Telegram and show how the bot receives updates')
    .action(async () => {
      const { config } = await context.app();
      let report;
      try {
        report = await checkTelegramBot(config);
      } catch (error) {
        throw new UserError('telegram', errorMessage(error), { cause: error });
      }
      line(context.stdout, `Bot @${report.username} (id ${report.id}) answers at ${config.TELEGRAM_API_ROOT}.`);
      line(context.stdout, `Groups: ${report.canJoinGroups ? 'can be added' : 'cannot be added (BotFather → /setjoingroups)'}; privacy mode ${report.privacyMode ? 'on (sees only commands — all newsbrief needs)' : 'off (sees every group message)'}.`);
      if (report.webhookUrl) {
        line(context.stdout, `Updates: webhook ${report.webhookUrl}, ${report.pendingUpdates} waiting${report.lastError ? `; Telegram's last delivery error: ${report.lastError}` : ''}.`);
        if (!config.TELEGRAM_WEBHOOK_URL) line(context.stdout, 'TELEGRAM_WEBHOOK_URL is not set, so `npm start` will remove this webhook and use long polling.');
      } else {
        line(context.stdout, `Updates: long polling, ${report.pendingUpdates} waiting.`);
      }
    });

  telegram
    .command('send-test')
    .description('send a test message to a chat, as scheduled delivery would (no retries)')
    .argument('<chat>', 'chat id: a user id, or a group/channel id such as -1001234567890')
    .option('--thread <id>', 'forum topic id')
    .action(async (chat: string, options: { thread?: string }) => {
      if (!/^-?\d{1,20}$/.test(chat)) throw new UserError('usage', `<chat> must be a numeric chat id, not "${chat}"`);
      const app = await context.app();
      const notifier = createTelegramNotifierFromConfig(app.config, app.logger);
      const ref = { platform: 'telegram' as const, chatId: chat, threadId: options.thread };
      const update = { id: `test-${Date.now()}`, text: 'Test message from newsbrief: scheduled digests and breaking updates will arrive here.', requestedBy: { platform: 'cli', userId: 'cli', chatId: 'cli' }, createdAt: app.now().toISOString() };
      try {
        for (const part of notifier.render({ kind: 'breaking', update }, ref)) await notifier.send(ref, part);
      } catch (error) {
        const hint =
          error instanceof ChatUnreachableError ? ' A person must open the bot and press Start first; in a group or channel, add the bot (as an administrator with "Post messages" in a channel).'
          : error instanceof ChatMigratedError ? ` The group became a supergroup: use ${error.newChatId}.`
          : error instanceof RateLimitedError ? ` Try again in ${Math.ceil(error.retryAfterMs / 1000)} s.`
          : '';
        throw new UserError('telegram', `Telegram did not take the message: ${errorMessage(error)}.${hint}`, { cause: error });
      }
      line(context.stdout, `Sent a test message to ${chat}${options.thread ? ` (topic ${options.thread})` : ''}.`);
    });
}
