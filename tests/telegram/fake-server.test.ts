import { afterEach, describe, expect, it } from 'vitest';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram-bot-api.ts';

let fake: FakeTelegram | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function call(method: string, body: Record<string, unknown>) {
  const response = await fetch(`${fake!.url}/bot1:x/${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as { ok: boolean; description?: string; parameters?: { retry_after?: number } } };
}

describe('fake Telegram Bot API', () => {
  it('refuses what Telegram refuses: bad HTML, over-long and empty text', async () => {
    fake = await startFakeTelegram();
    for (const text of ['<script>x</script>', '<b>open', 'a & b', '<b>x</i>', '<a href="javascript:x">y</a>']) {
      const answer = await call('sendMessage', { chat_id: 1, text, parse_mode: 'HTML' });
      expect(answer.status, text).toBe(400);
      expect(answer.body.description).toMatch(/can't parse entities/);
    }
    expect((await call('sendMessage', { chat_id: 1, text: 'x'.repeat(4097) })).body.description).toMatch(/too long/);
    expect((await call('sendMessage', { chat_id: 1, text: `<b>${'x'.repeat(4096)}</b>`, parse_mode: 'HTML' })).status).toBe(200);
    expect((await call('sendMessage', { chat_id: 1, text: '<b> </b>', parse_mode: 'HTML' })).body.description).toMatch(/empty/);
    expect((await call('sendMessage', { chat_id: 1, text: 'a & b <script>' })).status).toBe(200);
    expect(fake.messages.map((message) => message.text)).toEqual(['x'.repeat(4096), 'a & b <script>']);
  });

  it('long-polls getUpdates until an update arrives, and confirms by offset', async () => {
    fake = await startFakeTelegram();
    const started = Date.now();
    const pending = call('getUpdates', { timeout: 5 });
    setTimeout(() => fake!.injectUpdate({ message: { text: 'hi' } }), 100);
    const first = (await pending).body as unknown as { result: Array<{ update_id: number }> };
    expect(first.result).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(2000);
    const next = (await call('getUpdates', { offset: first.result[0]!.update_id + 1, timeout: 0 })).body as unknown as { result: unknown[] };
    expect(next.result).toHaveLength(0);
  });

  it('enforces flood limits in rate-limit mode: per chat and overall', async () => {
    fake = await startFakeTelegram({ rateLimit: { perChatPerSecond: 1, globalPerSecond: 3 } });
    expect((await call('sendMessage', { chat_id: 1, text: 'a' })).status).toBe(200);
    const again = await call('sendMessage', { chat_id: 1, text: 'b' });
    expect(again.status).toBe(429);
    expect(again.body.parameters?.retry_after).toBe(1);
    expect((await call('sendMessage', { chat_id: 2, text: 'c' })).status).toBe(200);
    expect((await call('sendMessage', { chat_id: 3, text: 'd' })).status).toBe(200);
    expect((await call('sendMessage', { chat_id: 4, text: 'e' })).status).toBe(429);
    expect(fake.messages).toHaveLength(3);
  });

  it('limits groups per minute when asked', async () => {
    fake = await startFakeTelegram({ rateLimit: { perChatPerSecond: 100, globalPerSecond: 100, perGroupPerMinute: 2 } });
    expect((await call('sendMessage', { chat_id: -100, text: 'a' })).status).toBe(200);
    expect((await call('sendMessage', { chat_id: -100, text: 'b' })).status).toBe(200);
    const third = await call('sendMessage', { chat_id: -100, text: 'c' });
    expect(third.status).toBe(429);
    expect(third.body.parameters?.retry_after).toBeGreaterThan(55);
    expect((await call('sendMessage', { chat_id: 7, text: 'a' })).status).toBe(200);
    expect((await call('sendMessage', { chat_id: 7, text: 'b' })).status).toBe(200);
    expect((await call('sendMessage', { chat_id: 7, text: 'c' })).status).toBe(200);
  });

  it('lets a person inject commands, make admins and press buttons over HTTP', async () => {
    fake = await startFakeTelegram();
    const post = (path: string, body: unknown) => fetch(`${fake!.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await post('/inject', { text: '/brief@newsbrief_bot 24h', chatId: -100, chatType: 'supergroup', userId: 5 });
    await post('/admin', { chatId: -100, userId: 5 });
    await call('sendMessage', { chat_id: -100, text: 'pick', reply_markup: { inline_keyboard: [[{ text: 'More stories', callback_data: 'brief page:abc' }]] } });
    const pressed = await post('/press', { messageId: fake.messages[0]!.messageId, button: 'More stories', userId: 5 });
    expect(pressed.status).toBe(200);
    const updates = ((await call('getUpdates', {})).body as unknown as { result: Array<Record<string, any>> }).result;
    expect(updates[0]!.message).toMatchObject({ text: '/brief@newsbrief_bot 24h', chat: { id: -100, type: 'supergroup' }, from: { id: 5 }, entities: [{ type: 'bot_command', offset: 0, length: 20 }] });
    expect(updates[1]!.callback_query).toMatchObject({ data: 'brief page:abc', from: { id: 5 }, message: { chat: { id: -100 } } });
    expect((await call('getChatMember', { chat_id: -100, user_id: 5 })).body).toMatchObject({ result: { status: 'administrator' } });
  });
});
