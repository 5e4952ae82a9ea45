import { Api, GrammyError, HttpError } from 'grammy';
import type { Config } from '../../src/config/schema.ts';
import type { ChatRef } from '../../src/domain/chat.ts';
import {
  ChatMigratedError,
  ChatUnreachableError,
  RateLimitedError,
  RejectedMessageError,
  TransientDeliveryError,
  type DeliveryContent,
  type Notifier,
  type RenderedPart,
} from '../../src/delivery/notifier.ts';
import type { Logger } from '../../src/log.ts';
import { htmlToPlainText } from './html.ts';
import { renderBreaking, renderBriefing } from './render.ts';

/** 400s that mean "this chat cannot take messages", not "this message is wrong". */
const unreachable400 = /chat not found|not enough rights|have no rights|need administrator rights|message thread not found|topic_closed|topic_deleted|chat_write_forbidden|bot is not a member|peer_id_invalid|user not found/i;

/**
 * Translates a Bot API failure into delivery's error classes, so the outbox (which owns
 * retries) knows whether to wait, move, deactivate or drop.
 */
export function toDeliveryError(error: unknown): Error {
  if (error instanceof GrammyError) {
    const { error_code: code, description, parameters } = error;
    if (code === 429) return new RateLimitedError((parameters.retry_after ?? 1) * 1000, { cause: error });
    if (parameters.migrate_to_chat_id !== undefined) return new ChatMigratedError(String(parameters.migrate_to_chat_id), { cause: error });
    if (code === 403) return new ChatUnreachableError(description.replace(/^Forbidden:\s*/, ''), { cause: error });
    if (code === 400 && unreachable400.test(description)) return new ChatUnreachableError(description.replace(/^Bad Request:\s*/, ''), { cause: error });
    if (code >= 500 || code === 401 || code === 404) return new TransientDeliveryError(`Telegram answered ${code}: ${description}`, { cause: error });
    return new RejectedMessageError(`Telegram refused the message: ${description}`, { cause: error });
  }
  if (error instanceof HttpError) return new TransientDeliveryError(`network error talking to Telegram: ${error.message}`, { cause: error });
  return new TransientDeliveryError(error instanceof Error ? error.message : String(error), { cause: error });
}

export interface TelegramNotifierOptions {
  /** A grammY Api without auto-retry: the outbox decides when to try again. */
  api: Api;
  logger: Logger;
}

function payloadFor(text: string, chat: ChatRef): Record<string, unknown> {
  return {
    chat_id: chat.chatId,
    text,
    parse_mode: 'HTML',
    link_preview_options: { is_disabled: true },
    ...(chat.threadId !== undefined ? { message_thread_id: Number(chat.threadId) } : {}),
  };
}

/**
 * Delivery over the Bot API: renders digests and breaking updates as HTML messages of at
 * most 4096 characters, sends one part per call, and reports failures as delivery errors.
 * A part Telegram cannot parse is resent once as plain text (and logged), so one bad story
 * never blocks a chat's digest.
 */
export function createTelegramNotifier(options: TelegramNotifierOptions): Notifier {
  const { api, logger } = options;
  return {
    platform: 'telegram',
    render(content: DeliveryContent, chat: ChatRef): RenderedPart[] {
      const texts = content.kind === 'digest' ? renderBriefing(content.briefing) : renderBreaking(content.update);
      return texts.map((text) => ({ payload: payloadFor(text, chat) }));
    },
    async send(chat: ChatRef, part: RenderedPart) {
      // The chat may have moved since rendering (migration), so the address comes from `chat`.
      const payload: Record<string, unknown> = { ...part.payload, chat_id: chat.chatId, ...(chat.threadId !== undefined ? { message_thread_id: Number(chat.threadId) } : {}) };
      try {
        const sent = await api.raw.sendMessage(payload as unknown as Parameters<Api['raw']['sendMessage']>[0]);
        return { messageId: String(sent.message_id) };
      } catch (error) {
        if (error instanceof GrammyError && error.error_code === 400 && /can't parse entities/i.test(error.description) && payload.parse_mode === 'HTML') {
          logger.warn({ platform: 'telegram', chatId: chat.chatId, err: error.description }, 'HTML refused; resending as plain text');
          const { parse_mode: _ignored, ...plain } = payload;
          try {
            const sent = await api.raw.sendMessage({ ...plain, text: htmlToPlainText(String(payload.text)) } as unknown as Parameters<Api['raw']['sendMessage']>[0]);
            return { messageId: String(sent.message_id) };
          } catch (retryError) {
            throw toDeliveryError(retryError);
          }
        }
        throw toDeliveryError(error);
      }
    },
  };
}

/** A Bot API client for delivery only (no polling, no auto-retry), e.g. for the CLI `digest run`. */
export function createTelegramNotifierFromConfig(config: Pick<Config, 'TELEGRAM_BOT_TOKEN' | 'TELEGRAM_API_ROOT'>, logger: Logger): Notifier {
  if (config.TELEGRAM_BOT_TOKEN === undefined) throw new Error('TELEGRAM_BOT_TOKEN is not set: Telegram delivery needs a bot token');
  const api = new Api(config.TELEGRAM_BOT_TOKEN, { apiRoot: config.TELEGRAM_API_ROOT, timeoutSeconds: 30, sensitiveLogs: false });
  return createTelegramNotifier({ api, logger });
}
