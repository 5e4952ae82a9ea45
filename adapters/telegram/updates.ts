import type { Message } from 'grammy/types';
import type { ChatContext } from '../../commands/types.ts';

export interface ParsedCommand {
  name: string;
  text: string;
  /** The command named another bot (`/ask@otherbot`): not for us. */
  forOtherBot: boolean;
  /** Written as `/name@ourbot`. */
  addressed: boolean;
}

/** Reads `/name[@bot] rest` from a message's leading `bot_command` entity. */
export function parseCommand(message: Pick<Message, 'text' | 'entities'>, botUsername: string): ParsedCommand | undefined {
  const text = message.text ?? '';
  const entity = message.entities?.find((candidate) => candidate.type === 'bot_command' && candidate.offset === 0);
  if (entity === undefined) return undefined;
  const [name = '', mention] = text.slice(1, entity.length).split('@');
  const addressed = mention !== undefined && mention.toLowerCase() === botUsername.toLowerCase();
  return { name: name.toLowerCase(), text: text.slice(entity.length).trim(), forOtherBot: mention !== undefined && !addressed, addressed };
}

/** The neutral chat a message was sent in; a forum topic becomes the thread. */
export function chatContext(message: Pick<Message, 'chat' | 'message_thread_id' | 'is_topic_message'>): ChatContext {
  const chat = message.chat;
  const kind = chat.type === 'private' ? 'private' : chat.type === 'channel' ? 'channel' : 'group';
  const title = chat.type === 'private' ? [chat.first_name, chat.last_name].filter(Boolean).join(' ') : chat.title;
  const threadId = message.is_topic_message && message.message_thread_id !== undefined ? String(message.message_thread_id) : undefined;
  return { platform: 'telegram', chatId: String(chat.id), kind, title, threadId };
}
