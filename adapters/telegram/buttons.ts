import { randomBytes } from 'node:crypto';
import type { ReplyButton } from '../../commands/reply.ts';

/** Telegram's limit for `callback_data`. */
const maxCallbackBytes = 64;

export interface InlineKeyboardMarkup {
  inline_keyboard: Array<Array<{ text: string; callback_data: string }>>;
}

/**
 * Encodes buttons as `callback_data` ("command args"). Data over 64 bytes is kept in a
 * bounded in-process map behind a short key, so no button is ever dropped.
 */
export function createButtonCodec(options: { maxEntries?: number } = {}) {
  const maxEntries = options.maxEntries ?? 5000;
  const overflow = new Map<string, string>();

  function encode(button: ReplyButton): string {
    const data = `${button.command} ${button.args}`.trim();
    if (Buffer.byteLength(data) <= maxCallbackBytes && !data.startsWith('#')) return data;
    const key = `#${randomBytes(9).toString('base64url')}`;
    if (overflow.size >= maxEntries) overflow.delete(overflow.keys().next().value!);
    overflow.set(key, data);
    return key;
  }

  return {
    keyboard(buttons: readonly ReplyButton[]): InlineKeyboardMarkup {
      const rows: InlineKeyboardMarkup['inline_keyboard'] = [];
      for (let index = 0; index < buttons.length; index += 2) {
        rows.push(buttons.slice(index, index + 2).map((button) => ({ text: button.label.slice(0, 64), callback_data: encode(button) })));
      }
      return { inline_keyboard: rows };
    },
    /** The command and its argument text, or undefined when the button is stale. */
    decode(data: string): { command: string; args: string } | undefined {
      const text = data.startsWith('#') ? overflow.get(data) : data;
      const match = text === undefined ? null : /^([a-z0-9_]{1,32})(?: ([\s\S]*))?$/.exec(text);
      return match ? { command: match[1]!, args: match[2] ?? '' } : undefined;
    },
  };
}

export type ButtonCodec = ReturnType<typeof createButtonCodec>;
