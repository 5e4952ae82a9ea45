import { randomUUID } from 'node:crypto';
import { autoRetry } from '@grammyjs/auto-retry';
import { Bot, GrammyError, type Context } from 'grammy';
import type { Message } from 'grammy/types';
import { requiredRole, type CommandRunner } from '../../commands/dispatch.ts';
import type { Reply } from '../../commands/reply.ts';
import type { ChatContext } from '../../commands/types.ts';
import type { Config } from '../../src/config/schema.ts';
import type { Logger } from '../../src/log.ts';
import type { SubscriptionStore } from '../../src/subscriptions/subscription-store.ts';
import { createButtonCodec } from './buttons.ts';
import { deactivateChatSubscriptions, moveChatSubscriptions } from './chat-events.ts';
import { htmlToPlainText } from './html.ts';
import { sendReply, type ReplyTarget } from './replies.ts';
import { createRoleResolver } from './roles.ts';
import { replyToHtml } from './render.ts';
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

/** The updates the bot handles; polling and the webhook ask Telegram for exactly these. */
export const allowedUpdates = ['message', 'channel_post', 'callback_query', 'my_chat_member'] as const;
/** Telegram shows "typing…" for about 5 s; repeat it while a slow command works. */
const typingEveryMs = 4500;

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
      await ctx.answerCallbackQuery({ text: htmlToPlainText(replyToHtml(reply)).slice(0, 200), show_alert: true });
      return;
    }
    if (!slow) await ctx.answerCallbackQuery();
    // Confirm/Cancel settle the preview in place, so it cannot be pressed twice; paging adds a message.
    const settles = /^(confirm|cancel):/.test(decoded.args);
    await send({ chatId: chat.chatId, threadId: chat.threadId, editMessageId: settles ? message.message_id : undefined }, reply);
  });

  /**
   * A reply can meet what a delivery meets: a 403 (blocked, kicked, deactivated) or a group
   * that became a supergroup. Treat them the same way, so the digest is not left aimed at a
   * chat that refuses it. Returns whether the error was one of these.
   */
  async function settleChatError(cause: unknown, chatId: string): Promise<boolean> {
    if (!(cause instanceof GrammyError)) return false;
    if (cause.error_code === 403) {
      await deactivateChatSubscriptions(options.subscriptions, chatId, cause.description.replace(/^Forbidden:\s*/i, ''), now(), logger);
      return true;
    }
    const movedTo = cause.parameters.migrate_to_chat_id;
    if (cause.error_code === 400 && movedTo !== undefined) {
      await moveChatSubscriptions(options.subscriptions, chatId, String(movedTo), now(), logger);
      return true;
    }
    return false;
  }

  bot.catch(async (error) => {
    const errorId = randomUUID().slice(0, 8);
    const chatId = error.ctx.chat?.id;
    const message = error.ctx.msg;
    const thread = message?.is_topic_message && message.message_thread_id !== undefined ? { message_thread_id: message.message_thread_id } : {};
    if (chatId !== undefined && (await settleChatError(error.error, String(chatId)))) return;
    logger.error({ platform: 'telegram', chatId, updateId: error.ctx.update.update_id, errorId, err: error.error }, 'telegram update failed');
    if (chatId === undefined) return;
    try {
      await error.ctx.api.sendMessage(chatId, `Sorry, something went wrong (error id ${errorId}). Please try again in a minute.`, thread);
    } catch {
      // The chat may be the problem (blocked, gone); the log line above is what matters.
    }
  });
  return bot;
}
