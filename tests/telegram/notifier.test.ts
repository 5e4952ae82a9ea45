import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTelegramDirectMessengerFromConfig } from '../../adapters/telegram/direct-message.ts';
import { createTelegramNotifierFromConfig } from '../../adapters/telegram/notifier.ts';
import {
  ChatMigratedError,
  ChatUnreachableError,
  RateLimitedError,
  RejectedMessageError,
  TransientDeliveryError,
  type Notifier,
} from '../../src/delivery/notifier.ts';
import type { ChatRef } from '../../src/domain/chat.ts';
import { silentLogger } from '../../src/log.ts';
import { emptyBriefing } from '../fakes/command-deps.ts';
import { startFakeTelegram, telegramErrors, type FakeTelegram } from '../fakes/telegram-bot-api.ts';

const token = '123456:notifier-test-token-abcdefghij';
const chat: ChatRef = { platform: 'telegram', chatId: '-100555', threadId: '7' };

function bigBriefing() {
  const items = Array.from({ length: 30 }, (_, index) => ({
    headline: `Story ${index} with <tags> & *marks*`,
    sentences: [{ text: `Detail ${index} `.repeat(25).trim() + '.', citations: [index + 1] }],
    citations: [index + 1],
    articleIds: [`a${index}`],
    sources: ['Harbor Ledger'],
  }));
  const citations = items.map((_, index) => ({ n: index + 1, articleId: `a${index}`, title: `Article ${index}`, source: 'Harbor Ledger', url: `https://harbor.example/${index}` }));
  return emptyBriefing({ title: 'Daily digest', items, citations, articleCount: 30 });
}

describe('telegram notifier', () => {
  let fake: FakeTelegram;
  let notifier: Notifier;

  beforeEach(async () => {
    fake = await startFakeTelegram({ token });
    notifier = createTelegramNotifierFromConfig({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: fake.url }, silentLogger());
  });
  afterEach(async () => fake.close());

  it('renders a digest into thread-addressed parts under 4096 that Telegram accepts', async () => {
    const parts = notifier.render({ kind: 'digest', briefing: bigBriefing() }, chat);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.payload).toMatchObject({ chat_id: '-100555', parse_mode: 'HTML', message_thread_id: 7, link_preview_options: { is_disabled: true } });
      const result = await notifier.send(chat, part);
      expect(result.messageId).toMatch(/^\d+$/);
    }
    expect(fake.messages).toHaveLength(parts.length);
    expect(fake.messages.every((message) => message.text.length <= 4096 && message.threadId === 7 && message.droppedEntities === 0)).toBe(true);
    expect(fake.messages.map((message) => message.text).join('\n')).toContain('Story 29 with <tags> & *marks*');
  });

  it('renders a breaking update', async () => {
    const [part] = notifier.render({ kind: 'breaking', update: { id: 'u1', text: 'Dam <breach>', requestedBy: { platform: 'telegram', userId: '1', chatId: '1' }, createdAt: '2026-11-25T08:00:00Z' } }, { platform: 'telegram', chatId: '42' });
    await notifier.send({ platform: 'telegram', chatId: '42' }, part!);
    expect(fake.messages[0]!.text).toContain('Dam <breach>');
    expect(fake.messages[0]!.threadId).toBeUndefined();
  });

  const cases: Array<[string, Parameters<FakeTelegram['fail']>[0], (error: unknown) => void]> = [
    ['429 → RateLimitedError with retry_after', { error: telegramErrors.tooManyRequests(7) }, (error) => {
      expect(error).toBeInstanceOf(RateLimitedError);
      expect((error as RateLimitedError).retryAfterMs).toBe(7000);
    }],
    ['403 blocked → ChatUnreachableError', { error: telegramErrors.blocked() }, (error) => {
      expect(error).toBeInstanceOf(ChatUnreachableError);
      expect((error as ChatUnreachableError).reason).toBe('bot was blocked by the user');
    }],
    ['403 kicked → ChatUnreachableError', { error: telegramErrors.kicked() }, (error) => expect(error).toBeInstanceOf(ChatUnreachableError)],
    ['403 deactivated → ChatUnreachableError', { error: telegramErrors.deactivated() }, (error) => expect(error).toBeInstanceOf(ChatUnreachableError)],
    ['400 chat not found → ChatUnreachableError', { error: telegramErrors.chatNotFound() }, (error) => expect(error).toBeInstanceOf(ChatUnreachableError)],
    ['migration → ChatMigratedError', { error: telegramErrors.migrated(-1009999) }, (error) => {
      expect(error).toBeInstanceOf(ChatMigratedError);
      expect((error as ChatMigratedError).newChatId).toBe('-1009999');
    }],
    ['5xx → TransientDeliveryError', { error: telegramErrors.serverError() }, (error) => expect(error).toBeInstanceOf(TransientDeliveryError)],
    ['dropped connection → TransientDeliveryError', { destroy: true }, (error) => expect(error).toBeInstanceOf(TransientDeliveryError)],
    ['other 400 → RejectedMessageError', { error: telegramErrors.badRequest('message is too long') }, (error) => expect(error).toBeInstanceOf(RejectedMessageError)],
  ];

  for (const [name, failure, check] of cases) {
    it(`maps ${name}, without retrying itself`, async () => {
      fake.fail({ method: 'sendMessage', ...failure });
      const [part] = notifier.render({ kind: 'digest', briefing: bigBriefing() }, chat);
      const error = await notifier.send(chat, part!).then(() => undefined, (thrown: unknown) => thrown);
      check(error);
      expect(fake.callsTo('sendMessage')).toHaveLength(1);
    });
  }

  it('resends a part Telegram cannot parse as plain text', async () => {
    await notifier.send(chat, { payload: { chat_id: chat.chatId, text: '<b>half open & broken', parse_mode: 'HTML' } });
    expect(fake.callsTo('sendMessage')).toHaveLength(2);
    expect(fake.messages[0]!.text).toBe('half open & broken');
  });

  it('sends to the migrated chat id it is given, not the one rendered', async () => {
    const [part] = notifier.render({ kind: 'breaking', update: { id: 'u2', text: 'x', requestedBy: { platform: 'telegram', userId: '1', chatId: '1' }, createdAt: '2026-11-25T08:00:00Z' } }, { platform: 'telegram', chatId: '-1' });
    await notifier.send({ platform: 'telegram', chatId: '-1009999' }, part!);
    expect(fake.messages[0]!.chatId).toBe('-1009999');
  });

  it('sends a direct message to a person, and reports one who never started the bot as unreachable', async () => {
    const messenger = createTelegramDirectMessengerFromConfig({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: fake.url }, silentLogger());
    const sent = await messenger.send('4242', ['The digest for <News room> stopped: bot was removed.'], { title: 'Digest stopped' });
    expect(sent.messageId).toMatch(/^\d+$/);
    expect(fake.messages[0]).toMatchObject({ chatId: '4242' });
    expect(fake.messages[0]!.text).toContain('The digest for <News room> stopped');
    fake.fail({ method: 'sendMessage', error: { error_code: 403, description: "Forbidden: bot can't initiate conversation with a user" } });
    await expect(messenger.send('5151', ['x'])).rejects.toBeInstanceOf(ChatUnreachableError);
  });
});
