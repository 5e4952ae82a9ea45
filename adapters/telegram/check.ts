import { Api, GrammyError, HttpError } from 'grammy';
import type { Config } from '../../src/config/schema.ts';

/** What `telegram check` reports: who the bot is and how Telegram delivers its updates. */
export interface TelegramCheck {
  username: string;
  id: number;
  canJoinGroups: boolean;
  /** Privacy mode on: in groups the bot sees only commands (all newsbrief needs). */
  privacyMode: boolean;
  webhookUrl?: string | undefined;
  pendingUpdates: number;
  lastError?: string | undefined;
}

/** Asks Telegram about the bot (getMe, getWebhookInfo); failures say what to fix. */
export async function checkTelegramBot(config: Pick<Config, 'TELEGRAM_BOT_TOKEN' | 'TELEGRAM_API_ROOT'>): Promise<TelegramCheck> {
  if (config.TELEGRAM_BOT_TOKEN === undefined) throw new Error('TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather (/newbot) and put its token in .env');
  const api = new Api(config.TELEGRAM_BOT_TOKEN, { apiRoot: config.TELEGRAM_API_ROOT, timeoutSeconds: 15, sensitiveLogs: false });
  try {
    const me = await api.getMe();
    const webhook = await api.getWebhookInfo();
    return {
      username: me.username,
      id: me.id,
      canJoinGroups: me.can_join_groups,
      privacyMode: !me.can_read_all_group_messages,
      webhookUrl: webhook.url || undefined,
      pendingUpdates: webhook.pending_update_count,
      lastError: webhook.last_error_message,
    };
  } catch (error) {
    if (error instanceof GrammyError && (error.error_code === 401 || error.error_code === 404)) {
      throw new Error('Telegram refused TELEGRAM_BOT_TOKEN (401 Unauthorized): copy the token again from @BotFather (/mybots → API Token).', { cause: error });
    }
    if (error instanceof HttpError) throw new Error(`Could not reach the Telegram Bot API at ${config.TELEGRAM_API_ROOT} (TELEGRAM_API_ROOT): ${error.message}`, { cause: error });
    throw error;
  }
}
