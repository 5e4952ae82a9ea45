import { Routes, type REST } from 'discord.js';
import type { Logger } from '../../src/log.ts';
import { renderReply } from './render.ts';
import { toDeliveryError } from './rest.ts';

/** Private notes to one person, e.g. telling the moderator who set up a digest that it stopped. */
export interface DirectMessenger {
  /** Opens (or reuses) the DM channel and sends `paragraphs`; throws the delivery port's errors. */
  send(userId: string, paragraphs: string[], options?: { title?: string }): Promise<{ messageId: string }>;
}

/**
 * Direct messages over REST, for notices a channel cannot receive (the bot lost access
 * there). Discord refuses (50007) when the person does not accept DMs from the bot.
 */
export function createDiscordDirectMessenger(options: { rest: REST; logger: Logger }): DirectMessenger {
  return {
    async send(userId, paragraphs, extra = {}) {
      try {
        const channel = (await options.rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as { id: string };
        let first: string | undefined;
        for (const body of renderReply({ title: extra.title, paragraphs, tone: 'warning' })) {
          const sent = (await options.rest.post(Routes.channelMessages(channel.id), { body })) as { id: string };
          first ??= sent.id;
        }
        return { messageId: first! };
      } catch (error) {
        const mapped = toDeliveryError(error);
        options.logger.warn({ platform: 'discord', userId, err: mapped }, `could not send a direct message: ${mapped.message}`);
        throw mapped;
      }
    },
  };
}
