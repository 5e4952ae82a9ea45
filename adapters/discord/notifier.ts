import { createHash } from 'node:crypto';
import { ChannelType, Routes, type REST } from 'discord.js';
import { briefingReply } from '../../commands/present.ts';
import type { Reply } from '../../commands/reply.ts';
import type { ChatRef } from '../../src/domain/chat.ts';
import type { DeliveryContent, Notifier, RenderedPart } from '../../src/delivery/notifier.ts';
import type { Logger } from '../../src/log.ts';
import { discordLimits, truncate } from './limits.ts';
import { renderReply, type DiscordMessageBody } from './render.ts';
import { toDeliveryError } from './rest.ts';

/** What the outbox stores per Discord part: the message body and, for forums, the post it belongs to. */
export interface DiscordPartPayload {
  message: DiscordMessageBody;
  post: { title: string; group: string; part: number; parts: number };
  [key: string]: unknown;
}

export interface DiscordNotifierOptions {
  rest: REST;
  logger: Logger;
}

function breakingReply(content: Extract<DeliveryContent, { kind: 'breaking' }>): Reply {
  const { update } = content;
  const linked = update.url !== undefined;
  return {
    title: truncate(`Breaking: ${update.title ?? update.text}`, discordLimits.embedTitle),
    paragraphs: linked ? undefined : [update.text],
    items: linked ? [{ title: update.title ?? update.text, url: update.url, meta: update.source }] : undefined,
    tone: 'warning',
  };
}

const forumTypes: ReadonlySet<number> = new Set([ChannelType.GuildForum, ChannelType.GuildMedia]);

/**
 * Delivery to Discord over REST (no gateway needed): a channel, a thread (`threadId`), or a
 * forum, where a digest becomes a new post and its further parts go into that post.
 */
export function createDiscordNotifier(options: DiscordNotifierOptions): Notifier {
  const { rest, logger } = options;
  const channelTypes = new Map<string, number>();
  // Forum post per multi-part group, so later parts land in the post the first part opened.
  const posts = new Map<string, string>();

  async function channelType(channelId: string): Promise<number> {
    const known = channelTypes.get(channelId);
    if (known !== undefined) return known;
    const channel = (await rest.get(Routes.channel(channelId))) as { type: number };
    channelTypes.set(channelId, channel.type);
    return channel.type;
  }

  function remember(group: string, threadId: string): void {
    posts.set(group, threadId);
    if (posts.size > 1000) posts.delete(posts.keys().next().value!);
  }

  return {
    platform: 'discord',
    render(content, chat): RenderedPart[] {
      const reply = content.kind === 'digest' ? briefingReply(content.briefing) : breakingReply(content);
      const title = content.kind === 'digest' ? content.briefing.title : `Breaking: ${content.update.title ?? content.update.text}`;
      const identity = content.kind === 'digest' ? `digest:${content.briefing.generatedAt}:${content.briefing.title}` : `breaking:${content.update.id}`;
      const group = createHash('sha256').update(`${chat.chatId}\u0000${identity}`).digest('hex').slice(0, 16);
      const messages = renderReply({ ...reply, private: false });
      return messages.map((message, part) => ({
        payload: { message, post: { title: truncate(title.replace(/\s+/g, ' '), discordLimits.threadName), group, part, parts: messages.length } } satisfies DiscordPartPayload,
      }));
    },
    async send(chat: ChatRef, part: RenderedPart) {
      const payload = part.payload as DiscordPartPayload;
      const context = { platform: 'discord', chatId: chat.chatId, threadId: chat.threadId, part: payload.post.part };
      try {
        if (chat.threadId === undefined && forumTypes.has(await channelType(chat.chatId))) {
          const existing = payload.post.part > 0 ? posts.get(payload.post.group) : undefined;
          if (existing === undefined) {
            const thread = (await rest.post(Routes.threads(chat.chatId), { body: { name: payload.post.title, message: payload.message } })) as { id: string; message?: { id: string } };
            remember(payload.post.group, thread.id);
            logger.info({ ...context, postId: thread.id }, 'forum post created');
            return { messageId: thread.message?.id ?? thread.id };
          }
          const sent = (await rest.post(Routes.channelMessages(existing), { body: payload.message })) as { id: string };
          return { messageId: sent.id };
        }
        const sent = (await rest.post(Routes.channelMessages(chat.threadId ?? chat.chatId), { body: payload.message })) as { id: string };
        logger.debug({ ...context, messageId: sent.id }, 'message sent');
        return { messageId: sent.id };
      } catch (error) {
        const mapped = toDeliveryError(error);
        logger.warn({ ...context, err: mapped }, `discord delivery failed: ${mapped.message}`);
        throw mapped;
      }
    },
  };
}
