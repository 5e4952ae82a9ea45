import type { ChatRef } from '../src/domain/chat.ts';
import { ChatMigratedError, ChatUnreachableError, RateLimitedError, RejectedMessageError, TransientDeliveryError, type DeliveryContent, type Notifier, type RenderedPart } from '../src/delivery/notifier.ts';

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A bare Bot API notifier over fetch, for the benchmark (the real one lives in
 * adapters/telegram/). Renders one HTML message per digest and maps the Bot API's answers
 * onto the Notifier error classes.
 */
export function httpTelegramNotifier(options: { apiRoot: string; token: string }): Notifier {
  const endpoint = `${options.apiRoot}/bot${options.token}/sendMessage`;
  return {
    platform: 'telegram',
    render(content: DeliveryContent): RenderedPart[] {
      const text =
        content.kind === 'breaking'
          ? `<b>Breaking:</b> ${escapeHtml(content.update.text)}`
          : [`<b>${escapeHtml(content.briefing.title)}</b>`, ...content.briefing.items.map((item) => `• ${escapeHtml(item.headline)}`)].join('\n');
      return [{ payload: { text, parse_mode: 'HTML', link_preview_options: { is_disabled: true } } }];
    },
    async send(chat: ChatRef, part: RenderedPart) {
      let response: Response;
      try {
        response = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ ...part.payload, chat_id: chat.chatId, ...(chat.threadId ? { message_thread_id: Number(chat.threadId) } : {}) }),
          signal: AbortSignal.timeout(15_000),
        });
      } catch (error) {
        throw new TransientDeliveryError('Bot API unreachable', { cause: error });
      }
      const body = (await response.json().catch(() => ({}))) as { ok?: boolean; description?: string; result?: { message_id?: number }; parameters?: { retry_after?: number; migrate_to_chat_id?: number } };
      if (response.ok && body.ok) return { messageId: String(body.result?.message_id ?? '') };
      const description = body.description ?? `HTTP ${response.status}`;
      if (response.status === 429) throw new RateLimitedError((body.parameters?.retry_after ?? 1) * 1000);
      if (response.status === 403) throw new ChatUnreachableError(description.replace(/^Forbidden: /, ''));
      if (body.parameters?.migrate_to_chat_id !== undefined) throw new ChatMigratedError(String(body.parameters.migrate_to_chat_id));
      if (response.status >= 500) throw new TransientDeliveryError(description);
      throw new RejectedMessageError(description);
    },
  };
}
