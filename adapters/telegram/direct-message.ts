import { Api } from 'grammy';
import type { Config } from '../../src/config/schema.ts';
import type { Logger } from '../../src/log.ts';
import { toDeliveryError } from './notifier.ts';
import { renderReply } from './render.ts';

/** Private notes to one person, e.g. telling the moderator who set up a digest that it stopped. */
export interface DirectMessenger {
  /** Sends `paragraphs` to the person's private chat with the bot; throws the delivery port's errors. */
  send(userId: string, paragraphs: string[], options?: { title?: string }): Promise<{ messageId: string }>;
}

/**
 * Direct messages on Telegram: a person's private chat has their user id. Telegram refuses
 * (403 "bot can't initiate conversation") until the person has started the bot once.
 */
export function createTelegramDirectMessenger(options: { api: Api; logger: Logger }): DirectMessenger {
  return {
    async send(userId, paragraphs, extra = {}) {
      try {
        let first: string | undefined;
        for (const part of renderReply({ title: extra.title, paragraphs, tone: 'warning' })) {
          const sent = await options.api.sendMessage(userId, part.text, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
          first ??= String(sent.message_id);
        }
        return { messageId: first! };
      } catch (error) {
        const mapped = toDeliveryError(error);
        options.logger.warn({ platform: 'telegram', userId, err: mapped }, `could not send a direct message: ${mapped.message}`);
        throw mapped;
      }
    },
  };
}

/** The same over a delivery-only Api (no polling, no auto-retry). */
export function createTelegramDirectMessengerFromConfig(config: Pick<Config, 'TELEGRAM_BOT_TOKEN' | 'TELEGRAM_API_ROOT'>, logger: Logger): DirectMessenger {
  if (config.TELEGRAM_BOT_TOKEN === undefined) throw new Error('TELEGRAM_BOT_TOKEN is not set: Telegram messages need a bot token');
  return createTelegramDirectMessenger({ api: new Api(config.TELEGRAM_BOT_TOKEN, { apiRoot: config.TELEGRAM_API_ROOT, timeoutSeconds: 30, sensitiveLogs: false }), logger });
}
