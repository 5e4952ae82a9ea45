import { afterEach, describe, expect, it } from 'vitest';
import { subscriptionId } from '../../src/subscriptions/subscription-store.ts';
import { emptyBriefing } from '../fakes/command-deps.ts';
import { callbackUpdate, commandUpdate, telegramErrors } from '../fakes/telegram-bot-api.ts';
import { startHarness, type Harness } from './harness.ts';

const hostile = 'Ferry <script>alert(1)</script> & co *bold*_x_[y](z) @everyone';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function lastMessages(h: Harness, count: number) {
  await h.fake.waitFor('sendMessage', count);
  return h.fake.messages;
}

describe('telegram bot over the Bot API', () => {
  it('publishes member and administrator command menus at start', async () => {
    harness = await startHarness();
    const menus = harness.fake.callsTo('setMyCommands').map((call) => ({ scope: (call.body.scope as { type: string }).type, names: (call.body.commands as Array<{ command: string }>).map((c) => c.command) }));
    const byScope = Object.fromEntries(menus.map((menu) => [menu.scope, menu.names]));
    expect(byScope.default).toContain('ask');
    expect(byScope.default).not.toContain('breaking');
    expect(byScope.default).not.toContain('subscribe');
    expect(byScope.all_private_chats).toContain('subscribe');
    expect(byScope.all_chat_administrators).toEqual(expect.arrayContaining(['breaking', 'sources', 'subscribe', 'ask']));
    expect(harness.fake.callsTo('deleteWebhook')).toHaveLength(1);
  });

  it('answers /ask in a private chat with the answer, quote and linked sources', async () => {
    harness = await startHarness();
    harness.engine.answers.next = {
      question: '',
      abstained: false,
      answer: 'The ferries stop on Monday',
      quote: 'Ferry crews will strike from Monday.',
      citations: [{ n: 1, articleId: 'a1', title: 'Ferry strike called', source: 'Harbor Ledger', url: 'https://harbor.example/ferry' }],
    };
    harness.fake.injectUpdate(commandUpdate({ text: '/ask when do the ferries stop?', userId: 1001 }));
    const [sent] = await lastMessages(harness, 1);
    expect(harness.engine.answers.requests).toMatchObject([{ question: 'when do the ferries stop?' }]);
    expect(sent!.chatId).toBe('1001');
    expect(sent!.text).toContain('The ferries stop on Monday');
    expect(sent!.text).toContain('“Ferry crews will strike from Monday.” [1]');
    expect(sent!.entities).toContainEqual(expect.objectContaining({ type: 'text_link', url: 'https://harbor.example/ferry' }));
    const call = harness.fake.callsTo('sendMessage')[0]!;
    expect(call.body).toMatchObject({ parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
    // "typing…" went out before the slow command answered.
    const typing = harness.fake.callsTo('sendChatAction')[0]!;
    expect(typing.body).toMatchObject({ chat_id: '1001', action: 'typing' });
    expect(typing.at).toBeLessThanOrEqual(call.at);
  });

  it('answers /start, which Telegram sends when someone opens the bot, with the help', async () => {
    harness = await startHarness();
    harness.fake.injectUpdate(commandUpdate({ text: '/start' }));
    const [sent] = await lastMessages(harness, 1);
    expect(sent!.text).toContain('newsbrief: news briefings with sources');
    expect(sent!.text).toContain('/subscribe');
  });

  it('treats plain text in a private chat as a question, and ignores commands for other bots in groups', async () => {
    harness = await startHarness();
    harness.fake.injectUpdate(commandUpdate({ text: '/ask@otherbot hello', chatType: 'supergroup', chatId: -100777 }));
    harness.fake.injectUpdate(commandUpdate({ text: '/nosuch', chatType: 'supergroup', chatId: -100777 }));
    harness.fake.injectUpdate(commandUpdate({ text: 'who won the vote?' }));
    await lastMessages(harness, 1);
    expect(harness.engine.answers.requests).toMatchObject([{ question: 'who won the vote?' }]);
    expect(harness.fake.messages.map((message) => message.chatId)).toEqual(['1001']);
  });

  it("refuses a non-admin's /breaking in a group with a reason, and lets an administrator preview and confirm it", async () => {
    harness = await startHarness();
    const group = -100200;
    harness.fake.injectUpdate(commandUpdate({ text: '/breaking@newsbrief_bot Dam breach upstream', chatType: 'supergroup', chatId: group, userId: 5 }));
    const [refusal] = await lastMessages(harness, 1);
    expect(refusal!.text).toMatch(/Only moderators .* can use \/breaking here/);
    expect(refusal!.text).toContain('Ask a chat administrator');
    expect(harness.fake.callsTo('getChatMember')[0]!.body).toMatchObject({ chat_id: String(group), user_id: 5 });
    expect(harness.engine.breaking.published).toHaveLength(0);

    harness.fake.setAdmin(group, 6);
    harness.fake.injectUpdate(commandUpdate({ text: '/breaking Dam breach upstream', chatType: 'supergroup', chatId: group, userId: 6 }));
    const preview = (await lastMessages(harness, 2))[1]!;
    expect(preview.text).toContain('Breaking update: preview');
    const keyboard = preview.replyMarkup as { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> };
    const [confirm, cancel] = keyboard.inline_keyboard.flat();
    expect(confirm!.text).toBe('Confirm and send');
    expect(cancel!.text).toBe('Cancel');

    // The non-admin presses Confirm: a private popup, nothing sent.
    harness.fake.injectUpdate(callbackUpdate({ data: confirm!.callback_data, message: preview, userId: 5 }));
    const [popup] = await harness.fake.waitFor('answerCallbackQuery', 1);
    expect(popup!.body).toMatchObject({ show_alert: true });
    expect(String(popup!.body.text)).toContain('Only moderators');
    expect(harness.engine.breaking.published).toHaveLength(0);

    harness.fake.injectUpdate(callbackUpdate({ data: confirm!.callback_data, message: preview, userId: 6 }));
    await harness.fake.waitFor('editMessageText', 1);
    expect(harness.engine.breaking.published).toMatchObject([{ text: 'Dam breach upstream', requestedBy: { userId: '6', chatId: String(group) } }]);
    const edited = harness.fake.messages.at(-1)!;
    expect(edited.method).toBe('editMessageText');
    expect(edited.messageId).toBe(preview.messageId);
    expect(edited.text).toContain('Sent to delivery');
    expect(edited.replyMarkup).toBeUndefined();
    expect(harness.fake.callsTo('answerCallbackQuery')).toHaveLength(2);
  });

  it('splits a long briefing into parts under 4096 and pages with the More button', async () => {
    harness = await startHarness();
    const items = Array.from({ length: 6 }, (_, index) => ({
      headline: `Story ${index}`,
      sentences: [{ text: `Long detail ${index}. `.repeat(60).trim(), citations: [index + 1] }],
      citations: [index + 1],
      articleIds: [`a${index}`],
      sources: ['Harbor Ledger'],
    }));
    const citations = items.map((_, index) => ({ n: index + 1, articleId: `a${index}`, title: `Article ${index}`, source: 'Harbor Ledger', url: `https://harbor.example/${index}` }));
    harness.engine.briefings.next = emptyBriefing({ title: 'Briefing', items, citations, articleCount: 6 });
    harness.fake.injectUpdate(commandUpdate({ text: '/brief' }));
    await harness.fake.waitFor('sendMessage', 2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const parts = harness.fake.messages;
    expect(parts.length).toBeGreaterThanOrEqual(2);
    for (const part of parts) expect(part.text.length <= 4096 && part.droppedEntities === 0).toBe(true);
    const all = parts.map((part) => part.text).join('\n\n');
    for (let index = 0; index < 5; index += 1) expect(all).toContain(`${index + 1}. Story ${index}`);
    expect(all).not.toContain('Story 5');
    for (const part of parts.slice(1)) expect(part.text).toMatch(/^(\d+\. Story|Sources)/);
    const more = (parts.at(-1)!.replyMarkup as { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> }).inline_keyboard[0]![0]!;
    expect(more.text).toBe('More stories');
    expect(parts.slice(0, -1).every((part) => part.replyMarkup === undefined)).toBe(true);

    const before = parts.length;
    harness.fake.injectUpdate(callbackUpdate({ data: more.callback_data, message: parts.at(-1)! }));
    await harness.fake.waitFor('sendMessage', before + 1);
    expect(harness.engine.briefings.requests.at(-1)).toMatchObject({ offset: 5 });
    expect(harness.fake.callsTo('answerCallbackQuery')).toHaveLength(1);
  });

  it('renders hostile article text literally and safely', async () => {
    harness = await startHarness();
    harness.engine.search.next = { query: '', total: 1, hits: [{ articleId: 'a1', title: hostile, source: '<Outlet & Sons>', url: 'https://harbor.example/a?x=1&y=2', snippet: `${hostile} </b></i>`, score: 1 }] };
    harness.fake.injectUpdate(commandUpdate({ text: '/search ferry' }));
    const [sent] = await lastMessages(harness, 1);
    expect(sent!.text).toContain(hostile);
    expect(sent!.text).toContain(`${hostile} </b></i>`);
    expect(sent!.text).toContain('<Outlet & Sons>');
    expect(sent!.raw).not.toContain('<script>');
    expect(sent!.entities).toContainEqual(expect.objectContaining({ type: 'text_link', url: 'https://harbor.example/a?x=1&y=2' }));
  });

  it('stores a subscription from /subscribe in a private chat, and refuses it to a group member', async () => {
    harness = await startHarness();
    harness.fake.injectUpdate(commandUpdate({ text: '/subscribe 07:30 Europe/Kyiv energy', userId: 1234 }));
    const [sent] = await lastMessages(harness, 1);
    expect(sent!.text).toContain('Subscribed');
    const stored = await harness.deps.subscriptions.get(subscriptionId('telegram', '1234'));
    expect(stored).toMatchObject({ platform: 'telegram', chatId: '1234', chatKind: 'private', time: '07:30', timezone: 'Europe/Kyiv', topics: ['energy'], state: 'active' });

    harness.fake.injectUpdate(commandUpdate({ text: '/subscribe', chatType: 'supergroup', chatId: -100300, userId: 77 }));
    await lastMessages(harness, 2);
    expect(harness.fake.messages[1]!.text).toContain('Only moderators');
    expect(await harness.deps.subscriptions.get(subscriptionId('telegram', '-100300'))).toBeUndefined();
  });

  it('lets configured moderators and channel admins run moderator commands without asking Telegram', async () => {
    harness = await startHarness();
    harness.fake.injectUpdate(commandUpdate({ text: '/subscribe 09:00', chatType: 'supergroup', chatId: -100400, userId: 9001, threadId: 12 }));
    const [sent] = await lastMessages(harness, 1);
    expect(sent!.text).toContain('Subscribed');
    expect(sent!.threadId).toBe(12);
    expect(await harness.deps.subscriptions.get(subscriptionId('telegram', '-100400', '12'))).toMatchObject({ threadId: '12', chatKind: 'group' });

    harness.fake.injectUpdate(commandUpdate({ text: '/subscribe', chatType: 'channel', chatId: -100500 }));
    await lastMessages(harness, 2);
    expect(harness.fake.messages[1]!.chatId).toBe('-100500');
    expect(await harness.deps.subscriptions.get(subscriptionId('telegram', '-100500'))).toMatchObject({ chatKind: 'channel' });
    expect(harness.fake.callsTo('getChatMember')).toHaveLength(0);
  });

  it('caches administrator checks', async () => {
    harness = await startHarness();
    harness.fake.setAdmin(-100600, 8);
    for (const text of ['/sources list', '/sources list']) harness.fake.injectUpdate(commandUpdate({ text, chatType: 'supergroup', chatId: -100600, userId: 8 }));
    await lastMessages(harness, 2);
    expect(harness.fake.callsTo('getChatMember')).toHaveLength(1);
  });

  it('waits out a 429 on an interactive reply and sends it', async () => {
    harness = await startHarness();
    harness.fake.fail({ method: 'sendMessage', error: telegramErrors.tooManyRequests(1) });
    harness.fake.injectUpdate(commandUpdate({ text: '/help' }));
    const [sent] = await lastMessages(harness, 2);
    expect(harness.fake.messages).toHaveLength(1);
    expect(sent!.text).toContain('/brief');
    const calls = harness.fake.callsTo('sendMessage');
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(900);
  });

  it('moves subscriptions when a group migrates, and deactivates them when the bot is removed', async () => {
    harness = await startHarness();
    harness.fake.injectUpdate(commandUpdate({ text: '/subscribe 09:00', chatType: 'group', chatId: -300, userId: 9001 }));
    await lastMessages(harness, 1);
    harness.fake.injectUpdate({ message: { message_id: 99, date: 0, chat: { id: -300, type: 'group', title: 'News room' }, from: { id: 1, is_bot: false, first_name: 'A' }, migrate_to_chat_id: -100300300 } });
    const movedId = subscriptionId('telegram', '-100300300');
    await expect.poll(() => harness!.deps.subscriptions.get(movedId)).toMatchObject({ chatId: '-100300300', time: '09:00', state: 'active' });
    expect(await harness.deps.subscriptions.get(subscriptionId('telegram', '-300'))).toBeUndefined();

    harness.fake.injectUpdate({
      my_chat_member: {
        chat: { id: -100300300, type: 'supergroup', title: 'News room' },
        from: { id: 1, is_bot: false, first_name: 'A' },
        date: 0,
        old_chat_member: { status: 'member', user: harness.fake.botInfo },
        new_chat_member: { status: 'kicked', user: harness.fake.botInfo, until_date: 0 },
      },
    });
    await expect.poll(() => harness!.deps.subscriptions.get(movedId)).toMatchObject({ state: 'deactivated', time: '09:00', stateReason: 'bot was removed from the supergroup' });
  });

  it('acts on a 403 or a migration met while answering, as delivery does', async () => {
    harness = await startHarness();
    harness.fake.injectUpdate(commandUpdate({ text: '/subscribe 09:00' }));
    harness.fake.injectUpdate(commandUpdate({ text: '/subscribe 10:00', chatType: 'group', chatId: -400, userId: 9001 }));
    await lastMessages(harness, 2);
    const privateId = subscriptionId('telegram', '1001');
    // The person blocked the bot between sending a command and getting the answer.
    harness.fake.fail({ method: 'sendMessage', error: telegramErrors.blocked() });
    harness.fake.injectUpdate(commandUpdate({ text: '/help' }));
    await expect.poll(() => harness!.deps.subscriptions.get(privateId)).toMatchObject({ state: 'deactivated', stateReason: 'bot was blocked by the user', time: '09:00' });

    harness.fake.fail({ method: 'sendMessage', error: telegramErrors.migrated(-100400400) });
    harness.fake.injectUpdate(commandUpdate({ text: '/help', chatType: 'group', chatId: -400, userId: 9001 }));
    await expect.poll(() => harness!.deps.subscriptions.get(subscriptionId('telegram', '-100400400'))).toMatchObject({ chatId: '-100400400', time: '10:00', state: 'active' });
  });

  it('keeps polling through a failed poll, and reports a 409 conflict as the end of polling', async () => {
    const stopped: unknown[] = [];
    harness = await startHarness({}, { onPollingStopped: (error) => stopped.push(error) });
    harness.fake.fail({ method: 'getUpdates', error: telegramErrors.serverError() });
    harness.fake.injectUpdate(commandUpdate({ text: '/help' }));
    await lastMessages(harness, 1);
    expect(stopped).toHaveLength(0);
    harness.fake.fail({ method: 'getUpdates', error: { error_code: 409, description: 'Conflict: terminated by other getUpdates request' } });
    // Wakes the poll in progress, so the next poll meets the conflict.
    harness.fake.injectUpdate(commandUpdate({ text: '/help' }));
    await expect.poll(() => stopped.length, { timeout: 5000 }).toBe(1);
  });

  it('has one error boundary: a reply Telegram refuses becomes a short apology with an error id', async () => {
    harness = await startHarness();
    harness.fake.fail({ method: 'sendMessage', error: telegramErrors.badRequest('message thread not found') });
    harness.fake.injectUpdate(commandUpdate({ text: '/help' }));
    await harness.fake.waitFor('sendMessage', 2);
    expect(harness.fake.messages).toHaveLength(1);
    expect(harness.fake.messages[0]!.text).toMatch(/^Sorry, something went wrong \(error id [0-9a-f]{8}\)/);
  });

  it('resends a reply as plain text when Telegram cannot parse its formatting', async () => {
    harness = await startHarness();
    harness.fake.fail({ method: 'sendMessage', error: { error_code: 400, description: "Bad Request: can't parse entities: Unsupported start tag \"x\" at byte offset 0" } });
    harness.fake.injectUpdate(commandUpdate({ text: '/help' }));
    await harness.fake.waitFor('sendMessage', 2);
    const [, plain] = harness.fake.callsTo('sendMessage');
    expect(plain!.body.parse_mode).toBeUndefined();
    expect(harness.fake.messages[0]!.text).toContain('newsbrief: news briefings with sources');
  });

  it('turns an unexpected failure into a friendly message', async () => {
    harness = await startHarness();
    harness.engine.answers.ask = async () => {
      throw new Error('engine exploded at line 42');
    };
    harness.fake.injectUpdate(commandUpdate({ text: '/ask anything' }));
    const [sent] = await lastMessages(harness, 1);
    expect(sent!.text).toMatch(/Something went wrong while running \/ask \(error id \w+\)/);
    expect(sent!.text).not.toContain('line 42');
  });
});
