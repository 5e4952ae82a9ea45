import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { autoRetry } from '@grammyjs/auto-retry';
import { run, type RunnerHandle } from '@grammyjs/runner';
import { Bot, webhookCallback, type Context } from 'grammy';
import type { Message } from 'grammy/types';
import { requiredRole, type CommandRunner } from '../../commands/dispatch.ts';
import type { Reply } from '../../commands/reply.ts';
import type { ChatContext } from '../../commands/types.ts';
import type { Config } from '../../src/config/schema.ts';
import type { Notifier } from '../../src/delivery/notifier.ts';
import type { Logger } from '../../src/log.ts';
import type { SubscriptionStore } from '../../src/subscriptions/subscription-store.ts';
import { createButtonCodec } from './buttons.ts';
import { deactivateChatSubscriptions, moveChatSubscriptions } from './chat-events.ts';
import { commandMenus } from './command-menu.ts';
import { htmlToPlainText } from './html.ts';
import { createTelegramNotifierFromConfig } from './notifier.ts';
import { sendReply, type ReplyTarget } from './replies.ts';
import { createRoleResolver } from './roles.ts';
import { renderReply } from './render.ts';
import { chatContext, parseCommand } from './updates.ts';

export type TelegramConfig = Pick<
  Config,
  'TELEGRAM_BOT_TOKEN' | 'TELEGRAM_API_ROOT' | 'TELEGRAM_WEBHOOK_URL' | 'TELEGRAM_WEBHOOK_SECRET' | 'TELEGRAM_WEBHOOK_PORT' | 'TELEGRAM_OPERATOR_IDS' | 'TELEGRAM_MODERATOR_IDS'
>;

export interface StartTelegramOptions {
  config: TelegramConfig;
  runner: CommandRunner;
  subscriptions: SubscriptionStore;
  logger: Logger;
  now?: (() => Date) | undefined;
  /** Called if long polling ends for good (401 token revoked, 409 another instance polling). */
  onPollingStopped?: ((error: unknown) => void) | undefined;
  /** Interface the webhook server listens on (default all interfaces). */
  webhookHost?: string | undefined;
}

export interface TelegramHandle {
  bot: Bot;
  /** Delivery through a separate Api without auto-retry: the outbox owns retries. */
  notifier: Notifier;
  /** The webhook server's address, in webhook mode. */
  webhook?: { port: number; path: string } | undefined;
  stop(): Promise<void>;
}

const allowedUpdates = ['message', 'channel_post', 'callback_query', 'my_chat_member'] as const;
/** Telegram shows "typing…" for about 5 s; repeat it while a slow command works. */
const typingEveryMs = 4500;
/** How long `stop()` lets updates in flight finish. */
const drainMs = 10_000;

/**
 * Builds the bot: commands from messages and channel posts, buttons from callback queries,
 * chat migrations and removals kept in step with subscriptions. Does not start polling.
 */
export function createTelegramBot(options: StartTelegramOptions): Bot {
  const { config, runner, logger } = options;
  const now = options.now ?? (() => new Date());
  if (config.TELEGRAM_BOT_TOKEN === undefined) throw new Error('TELEGRAM_BOT_TOKEN is not set: the Telegram bot needs a token from @BotFather');
  const bot = new Bot(config.TELEGRAM_BOT_TOKEN, { client: { apiRoot: config.TELEGRAM_API_ROOT, sensitiveLogs: false } });
  // Interactive replies may wait out a short flood wait; long ones are not worth a stale answer.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 2, maxDelaySeconds: 30 }));
  const roles = createRoleResolver({ api: bot.api, operatorIds: config.TELEGRAM_OPERATOR_IDS, moderatorIds: config.TELEGRAM_MODERATOR_IDS, logger, now });
  const buttons = createButtonCodec();
  const send = (target: ReplyTarget, reply: Reply) => sendReply({ api: bot.api, buttons, logger }, target, reply);

  async function withTyping<Value>(chat: ChatContext, slow: boolean, work: () => Promise<Value>): Promise<Value> {
    if (!slow) return work();
    const typing = () =>
      bot.api.sendChatAction(chat.chatId, 'typing', chat.threadId ? { message_thread_id: Number(chat.threadId) } : {}).catch((error: unknown) => {
        logger.debug({ platform: 'telegram', chatId: chat.chatId, err: error }, 'typing indicator failed');
      });
    await typing();
    const timer = setInterval(() => void typing(), typingEveryMs);
    try {
      return await work();
    } finally {
      clearInterval(timer);
    }
  }

  async function callerFor(ctx: Context, chat: ChatContext, message: Message, commandName: string) {
    const command = runner.find(commandName);
    const needsAdmin = command !== undefined && (requiredRole(command, chat) !== 'member' || command.name === 'help');
    const from = ctx.from;
    const userId = String(from?.id ?? message.sender_chat?.id ?? chat.chatId);
    const role = await roles.resolve({ chatId: chat.chatId, chatKind: chat.kind, userId, senderChatId: message.sender_chat ? String(message.sender_chat.id) : undefined, checkAdmin: needsAdmin });
    const name = from ? [from.first_name, from.last_name].filter(Boolean).join(' ') : message.author_signature ?? message.sender_chat?.title;
    return { id: userId, name, role };
  }

  async function onCommandMessage(ctx: Context, message: Message): Promise<void> {
    const chat = chatContext(message);
    let parsed = parseCommand(message, ctx.me.username);
    if (parsed === undefined && chat.kind === 'private' && message.text && !message.text.startsWith('/')) {
      // In a private chat, plain text is a question.
      parsed = { name: 'ask', text: message.text, forOtherBot: false, addressed: false };
    }
    if (parsed === undefined || parsed.forOtherBot) return;
    // Telegram sends /start when someone opens the bot: greet them with the help.
    if (parsed.name === 'start' && runner.find('start') === undefined) parsed = { ...parsed, name: 'help', text: '' };
    // In groups several bots share a command list: answer unknown commands only when addressed.
    if (chat.kind !== 'private' && runner.find(parsed.name) === undefined && !parsed.addressed) return;
    const caller = await callerFor(ctx, chat, message, parsed.name);
    const slow = runner.find(parsed.name)?.slow === true;
    const reply = await withTyping(chat, slow, () => runner.run({ name: parsed.name, text: parsed.text, chat, caller }));
    await send({ chatId: chat.chatId, threadId: chat.threadId, replyToMessageId: chat.kind === 'private' ? undefined : message.message_id }, reply);
  }

  bot.on('message:migrate_to_chat_id', async (ctx) => {
    await moveChatSubscriptions(options.subscriptions, String(ctx.chat.id), String(ctx.message.migrate_to_chat_id), now(), logger);
  });
  bot.on('my_chat_member', async (ctx) => {
    const status = ctx.myChatMember.new_chat_member.status;
    if (status === 'kicked' || status === 'left') {
      const reason = ctx.chat.type === 'private' ? 'bot was blocked by the user' : `bot was removed from the ${ctx.chat.type}`;
      await deactivateChatSubscriptions(options.subscriptions, String(ctx.chat.id), reason, now(), logger);
    }
  });
  bot.on('message:text', (ctx) => onCommandMessage(ctx, ctx.message));
  bot.on('channel_post:text', (ctx) => onCommandMessage(ctx, ctx.channelPost));

  bot.on('callback_query:data', async (ctx) => {
    const query = ctx.callbackQuery;
    const message = query.message;
    const decoded = buttons.decode(query.data);
    if (message === undefined || !('chat' in message) || decoded === undefined) {
      await ctx.answerCallbackQuery({ text: 'This button has expired. Send the command again.', show_alert: true });
      return;
    }
    const chat = chatContext(message as Message);
    const command = runner.find(decoded.command);
    const checkAdmin = command !== undefined && requiredRole(command, chat) !== 'member';
    const role = await roles.resolve({ chatId: chat.chatId, chatKind: chat.kind, userId: String(query.from.id), checkAdmin });
    const caller = { id: String(query.from.id), name: [query.from.first_name, query.from.last_name].filter(Boolean).join(' '), role };
    const slow = command?.slow === true;
    // A slow command would leave the button spinning: acknowledge first, answer in the chat.
    if (slow) await ctx.answerCallbackQuery();
    const reply = await withTyping(chat, slow, () => runner.run({ name: decoded.command, text: decoded.args, chat, caller }));
    if (!slow && reply.tone === 'error') {
      // A refusal is for the presser only: a popup, not a message to the whole chat.
      await ctx.answerCallbackQuery({ text: htmlToPlainText(renderReply(reply, 200)[0]?.text ?? '').slice(0, 200), show_alert: true });
      return;
    }
    if (!slow) await ctx.answerCallbackQuery();
    // Confirm/Cancel settle the preview in place, so it cannot be pressed twice; paging adds a message.
    const settles = /^(confirm|cancel):/.test(decoded.args);
    await send({ chatId: chat.chatId, threadId: chat.threadId, editMessageId: settles ? message.message_id : undefined }, reply);
  });

  bot.catch(async (error) => {
    const errorId = Math.random().toString(36).slice(2, 10);
    const chatId = error.ctx.chat?.id;
    logger.error({ platform: 'telegram', chatId, updateId: error.ctx.update.update_id, errorId, err: error.error }, 'telegram update failed');
    if (chatId === undefined) return;
    try {
      await error.ctx.api.sendMessage(chatId, `Sorry, something went wrong (error id ${errorId}). Please try again in a minute.`);
    } catch {
      // The chat may be the problem (blocked, gone); the log line above is what matters.
    }
  });
  return bot;
}

async function publishCommands(bot: Bot, runner: CommandRunner, logger: Logger): Promise<void> {
  const menus = commandMenus(runner.commands);
  try {
    await bot.api.setMyCommands(menus.everyone, { scope: { type: 'default' } });
    await bot.api.setMyCommands(menus.privateChats, { scope: { type: 'all_private_chats' } });
    await bot.api.setMyCommands(menus.administrators, { scope: { type: 'all_chat_administrators' } });
  } catch (error) {
    // A menu is a convenience: the commands work without it.
    logger.warn({ platform: 'telegram', err: error }, 'could not publish the command menu');
  }
}

function listen(server: Server, port: number, host: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

/**
 * Starts the Telegram bot: long polling with concurrent update handling by default, or a
 * webhook server when `TELEGRAM_WEBHOOK_URL` is set (Telegram's secret-token header is
 * checked on every request). Publishes the command menus on start.
 *
 * @example
 * const telegram = await startTelegram({ config, runner, subscriptions, logger });
 * process.on('SIGTERM', () => void telegram.stop());
 */
export async function startTelegram(options: StartTelegramOptions): Promise<TelegramHandle> {
  const { config, logger } = options;
  const bot = createTelegramBot(options);
  await bot.init();
  await publishCommands(bot, options.runner, logger);
  const notifier = createTelegramNotifierFromConfig(config, logger);
  const log = { platform: 'telegram', bot: bot.botInfo.username };

  if (config.TELEGRAM_WEBHOOK_URL !== undefined) {
    if (config.TELEGRAM_WEBHOOK_SECRET === undefined) throw new Error('TELEGRAM_WEBHOOK_SECRET is required with TELEGRAM_WEBHOOK_URL');
    const path = new URL(config.TELEGRAM_WEBHOOK_URL).pathname;
    const handleUpdate = webhookCallback(bot, 'http', { secretToken: config.TELEGRAM_WEBHOOK_SECRET, onTimeout: 'return' });
    const server = createServer((request, response) => {
      if (request.method !== 'POST' || new URL(request.url ?? '/', 'http://x').pathname !== path) {
        response.writeHead(404).end();
        return;
      }
      handleUpdate(request, response).catch((error: unknown) => {
        logger.error({ ...log, err: error }, 'webhook request failed');
        if (!response.headersSent) response.writeHead(500).end();
      });
    });
    const port = await listen(server, config.TELEGRAM_WEBHOOK_PORT, options.webhookHost);
    await bot.api.setWebhook(config.TELEGRAM_WEBHOOK_URL, { secret_token: config.TELEGRAM_WEBHOOK_SECRET, allowed_updates: [...allowedUpdates] });
    logger.info({ ...log, port, path }, 'telegram webhook listening');
    return {
      bot,
      notifier,
      webhook: { port, path },
      async stop() {
        // Finish updates in flight (Telegram would resend them otherwise), then drop stragglers.
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const timer = setTimeout(() => server.closeAllConnections(), drainMs);
        await closed;
        clearTimeout(timer);
      },
    };
  }

  await bot.api.deleteWebhook();
  // The runner retries failed polls itself; report them in our structured log instead of on the console.
  bot.api.config.use(async (previous, method, payload, signal) => {
    try {
      const result = await previous(method, payload, signal);
      if (method === 'getUpdates' && !result.ok) logger.warn({ ...log, code: result.error_code, err: result.description }, 'polling for updates failed; retrying');
      return result;
    } catch (error) {
      if (method === 'getUpdates' && signal?.aborted !== true) logger.warn({ ...log, err: error }, 'polling for updates failed; retrying');
      throw error;
    }
  });
  const handle: RunnerHandle = run(bot, { runner: { fetch: { allowed_updates: [...allowedUpdates] }, silent: true } });
  // 401 (token revoked) and 409 (another instance polls with this token) end polling for good.
  handle.task()?.catch((error: unknown) => {
    logger.error({ ...log, err: error }, 'telegram polling stopped: is the token still valid, and is no other instance running with it?');
    options.onPollingStopped?.(error);
  });
  logger.info(log, 'telegram long polling started');
  return {
    bot,
    notifier,
    async stop() {
      if (handle.isRunning()) await handle.stop();
      const deadline = Date.now() + drainMs;
      while (handle.size() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    },
  };
}
