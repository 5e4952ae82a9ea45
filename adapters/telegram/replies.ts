import { GrammyError, type Api } from 'grammy';
import type { Reply } from '../../commands/reply.ts';
import type { Logger } from '../../src/log.ts';
import type { ButtonCodec } from './buttons.ts';
import { htmlToPlainText } from './html.ts';
import { renderReply } from './render.ts';

export interface ReplyTarget {
  chatId: string;
  threadId?: string | undefined;
  /** Quote the command's message in the first part (groups get busy). */
  replyToMessageId?: number | undefined;
  /** Edit this message with the first part instead of sending a new one (confirmations). */
  editMessageId?: number | undefined;
}

type SendOther = NonNullable<Parameters<Api['sendMessage']>[2]>;

function isParseError(error: unknown): error is GrammyError {
  return error instanceof GrammyError && error.error_code === 400 && /can't parse entities/i.test(error.description);
}

/**
 * Sends a neutral reply as HTML messages (split at 4096, buttons on the last part, link
 * previews off). If Telegram still refuses the markup, the part goes out as plain text and
 * the refusal is logged, so the reader always gets an answer.
 */
export async function sendReply(deps: { api: Api; buttons: ButtonCodec; logger: Logger }, target: ReplyTarget, reply: Reply): Promise<void> {
  const parts = renderReply(reply);
  for (const [index, part] of parts.entries()) {
    const other: SendOther = {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      ...(target.threadId !== undefined ? { message_thread_id: Number(target.threadId) } : {}),
      ...(part.buttons ? { reply_markup: deps.buttons.keyboard(part.buttons) } : {}),
      ...(index === 0 && target.replyToMessageId !== undefined ? { reply_parameters: { message_id: target.replyToMessageId, allow_sending_without_reply: true } } : {}),
    };
    const edit = index === 0 ? target.editMessageId : undefined;
    const deliver = async (text: string, options: SendOther) => {
      if (edit === undefined) return void (await deps.api.sendMessage(target.chatId, text, options));
      const { parse_mode, link_preview_options, reply_markup } = options;
      await deps.api.editMessageText(target.chatId, edit, text, { parse_mode, link_preview_options, reply_markup: reply_markup && 'inline_keyboard' in reply_markup ? reply_markup : undefined });
    };
    try {
      await deliver(part.text, other);
    } catch (error) {
      if (!isParseError(error)) throw error;
      deps.logger.warn({ platform: 'telegram', chatId: target.chatId, err: error.description }, 'HTML refused; resending as plain text');
      const { parse_mode: _html, ...plain } = other;
      await deliver(htmlToPlainText(part.text), plain);
    }
  }
}
