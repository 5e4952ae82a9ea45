import type { Api } from 'grammy';
import type { Role } from '../../commands/types.ts';
import type { Logger } from '../../src/log.ts';

export interface RoleResolverOptions {
  api: Api;
  operatorIds: readonly string[];
  moderatorIds: readonly string[];
  logger: Logger;
  now: () => Date;
  /** How long an administrator check is trusted; Telegram has no push for admin changes. */
  cacheMs?: number | undefined;
}

export interface RoleQuery {
  chatId: string;
  chatKind: 'private' | 'group' | 'channel';
  userId: string;
  /** A message sent "as the group" by an anonymous administrator. */
  senderChatId?: string | undefined;
  /** Ask Telegram whether the user administers the chat (only when it matters). */
  checkAdmin: boolean;
}

/**
 * Resolves who someone is in a chat: operators and named moderators from config, chat
 * administrators by `getChatMember` (cached, about 60 s), everyone else a member.
 */
export function createRoleResolver(options: RoleResolverOptions) {
  const cacheMs = options.cacheMs ?? 60_000;
  const operators = new Set(options.operatorIds);
  const moderators = new Set(options.moderatorIds);
  // Promises, so concurrent updates from one person share a single getChatMember call.
  const cache = new Map<string, { admin: Promise<boolean>; until: number }>();

  async function askTelegram(chatId: string, userId: string, key: string): Promise<boolean> {
    try {
      const member = await options.api.getChatMember(chatId, Number(userId));
      return member.status === 'creator' || member.status === 'administrator';
    } catch (error) {
      options.logger.warn({ platform: 'telegram', chatId, err: error }, 'could not check chat administrators; treating as member');
      // A failed check is not an answer: ask again next time.
      cache.delete(key);
      return false;
    }
  }

  function isAdmin(chatId: string, userId: string): Promise<boolean> {
    const key = `${chatId}:${userId}`;
    const now = options.now().getTime();
    const cached = cache.get(key);
    if (cached !== undefined && cached.until > now) return cached.admin;
    if (cache.size > 10_000) cache.clear();
    const admin = askTelegram(chatId, userId, key);
    cache.set(key, { admin, until: now + cacheMs });
    return admin;
  }

  return {
    async resolve(query: RoleQuery): Promise<Role> {
      if (operators.has(query.userId)) return 'operator';
      if (moderators.has(query.userId)) return 'moderator';
      // Only a channel's administrators can post in it; an anonymous admin posts as the group itself.
      if (query.chatKind === 'channel') return 'moderator';
      if (query.chatKind === 'group' && query.senderChatId === query.chatId) return 'moderator';
      if (query.chatKind === 'group' && query.checkAdmin && (await isAdmin(query.chatId, query.userId))) return 'moderator';
      return 'member';
    },
  };
}

export type RoleResolver = ReturnType<typeof createRoleResolver>;
