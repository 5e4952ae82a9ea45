import { randomUUID } from 'node:crypto';
import { UserError } from '../src/errors.ts';
import type { BreakingUpdate } from './deps.ts';
import { text } from './option-types.ts';
import { shortDate } from './present.ts';
import { message, type Reply } from './reply.ts';
import type { CommandDefinition } from './types.ts';

const pendingTtlMs = 15 * 60_000;

/**
 * `/breaking <text or url>`: a moderator's breaking update. It shows a preview with
 * Confirm and Cancel; only a confirmation hands it to delivery.
 */
export const breaking = {
  name: 'breaking',
  description: 'Push a breaking update to subscribed chats (moderators)',
  options: [
    { name: 'text', description: 'The update, or the link of a stored article', type: text({ maxLength: 1000 }), rest: true, example: 'Ceasefire talks resume in Geneva' },
    { name: 'confirm', description: 'Confirm a previewed update', type: text({ maxLength: 16 }), hidden: true, example: 'x' },
    { name: 'cancel', description: 'Cancel a previewed update', type: text({ maxLength: 16 }), hidden: true, example: 'x' },
  ],
  permission: 'moderator',
  examples: ['/breaking Ceasefire talks resume in Geneva', '/breaking https://harborledger.example/news/ferry-strike'],
  async run({ options, chat, caller }, deps): Promise<Reply> {
    if (options.cancel !== undefined) {
      await deps.continuations.delete(options.cancel);
      return message('Cancelled: nothing was sent.');
    }
    if (options.confirm !== undefined) {
      const update = await deps.continuations.get<BreakingUpdate>(options.confirm);
      if (update === undefined) throw new UserError('expired', 'That preview has expired or was already sent. Send /breaking again.');
      if (deps.breaking === undefined) {
        throw new UserError('no_delivery', 'Breaking updates are delivered by the running Telegram or Discord bot; this surface cannot send them.');
      }
      await deps.continuations.delete(options.confirm);
      const result = await deps.breaking.publish(update);
      if (result.alreadySent) return message('This update was already sent; it is not sent twice.', { tone: 'warning' });
      return message(`Sent to delivery: ${result.queued} subscribed chat${result.queued === 1 ? '' : 's'} will get it ahead of queued digests.`, { tone: 'success' });
    }
    if (options.text === undefined) throw new UserError('missing_option', '/breaking needs the update text or a stored article link. Example: /breaking Ceasefire talks resume in Geneva');
    const linked = /^https?:\/\/\S+$/i.test(options.text) ? deps.articles.findByUrl(options.text) : undefined;
    if (/^https?:\/\/\S+$/i.test(options.text) && linked === undefined) {
      throw new UserError('not_stored', 'That link is not a stored article. Ingest it first (/sources add for a feed, or the CLI ingest), or write the update as text.');
    }
    const update: BreakingUpdate = {
      id: randomUUID(),
      text: linked ? linked.title : options.text,
      articleId: linked?.id,
      url: linked?.url,
      title: linked?.title,
      source: linked?.source,
      requestedBy: { platform: chat.platform, userId: caller.id, name: caller.name, chatId: chat.chatId },
      createdAt: deps.now().toISOString(),
    };
    const token = await deps.continuations.put(update, pendingTtlMs);
    return {
      title: 'Breaking update: preview',
      paragraphs: linked ? undefined : [update.text],
      items: linked ? [{ title: linked.title, url: linked.url, meta: [linked.source, shortDate(linked.publishedAt)].filter(Boolean).join(' · ') }] : undefined,
      note: 'Nothing is sent until you confirm (within 15 minutes).',
      buttons: [
        { label: 'Confirm and send', command: 'breaking', args: `confirm:${token}` },
        { label: 'Cancel', command: 'breaking', args: `cancel:${token}` },
      ],
      private: true,
    };
  },
} satisfies CommandDefinition<{ text?: string; confirm?: string; cancel?: string }>;
