/** The chat platforms newsbrief speaks on. `console` is the local terminal. */
export type Platform = 'telegram' | 'discord' | 'console';

/** Where a message goes: a chat, and optionally a thread or forum topic inside it. */
export interface ChatRef {
  platform: Platform;
  chatId: string;
  threadId?: string | undefined;
}

/** What kind of chat: a one-to-one chat, a group or server channel, or a broadcast channel. */
export type ChatKind = 'private' | 'group' | 'channel';
