import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseTelegramHtml, type ParsedEntity } from './telegram-html.ts';

/**
 * A fake Telegram Bot API server on 127.0.0.1, speaking real HTTP (`/bot<token>/<method>`),
 * for tests, the delivery benchmark and trying the bot by hand. It checks what Telegram
 * checks (4096 characters, HTML that parses), records every call, and can answer with
 * 429, 403, migration and server errors on demand.
 *
 * @example
 * const api = await startFakeTelegram();
 * api.injectUpdate(commandUpdate({ text: '/ask what happened?', chatId: 42 }));
 * await api.waitFor('sendMessage');
 */

export interface RecordedCall {
  method: string;
  token: string;
  body: Record<string, unknown>;
  at: number;
}

export interface SentMessage {
  chatId: string;
  messageId: number;
  threadId?: number | undefined;
  /** The text as people see it (HTML parsed). */
  text: string;
  /** The text as the bot sent it. */
  raw: string;
  entities: ParsedEntity[];
  /** Formatting past Telegram's 100th entity, which Telegram silently ignores. */
  droppedEntities: number;
  replyMarkup?: unknown;
  method: 'sendMessage' | 'editMessageText';
}

export interface TelegramErrorBody {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number } | undefined;
}

/** A failure to serve instead of the real answer; `destroy` drops the connection (a network error). */
export interface InjectedFailure {
  method?: string | undefined;
  chatId?: string | number | undefined;
  times?: number | undefined;
  error?: TelegramErrorBody | undefined;
  destroy?: boolean | undefined;
}

export const telegramErrors = {
  tooManyRequests: (retryAfter: number): TelegramErrorBody => ({ error_code: 429, description: `Too Many Requests: retry after ${retryAfter}`, parameters: { retry_after: retryAfter } }),
  blocked: (): TelegramErrorBody => ({ error_code: 403, description: 'Forbidden: bot was blocked by the user' }),
  kicked: (): TelegramErrorBody => ({ error_code: 403, description: 'Forbidden: bot was kicked from the group chat' }),
  deactivated: (): TelegramErrorBody => ({ error_code: 403, description: 'Forbidden: user is deactivated' }),
  chatNotFound: (): TelegramErrorBody => ({ error_code: 400, description: 'Bad Request: chat not found' }),
  migrated: (newChatId: number): TelegramErrorBody => ({ error_code: 400, description: 'Bad Request: group chat was upgraded to a supergroup chat', parameters: { migrate_to_chat_id: newChatId } }),
  serverError: (): TelegramErrorBody => ({ error_code: 502, description: 'Bad Gateway' }),
  badRequest: (description: string): TelegramErrorBody => ({ error_code: 400, description: `Bad Request: ${description}` }),
};

export interface FakeTelegramOptions {
  port?: number | undefined;
  /** When set, other tokens get 401 Unauthorized. */
  token?: string | undefined;
  /** Telegram-like flood control on sendMessage: more than this per chat or overall per second gets 429. */
  rateLimit?: { perChatPerSecond: number; globalPerSecond: number; perGroupPerMinute?: number | undefined } | undefined;
  /** Print each bot call (standalone use). */
  log?: ((line: string) => void) | undefined;
}

export interface FakeTelegram {
  /** The `apiRoot` to give grammY, e.g. `http://127.0.0.1:41234`. */
  url: string;
  calls: RecordedCall[];
  messages: SentMessage[];
  botInfo: typeof botInfo;
  /** Queues an update for `getUpdates`; assigns `update_id` when missing. */
  injectUpdate(update: Record<string, unknown>): number;
  fail(failure: InjectedFailure): void;
  setAdmin(chatId: number | string, userId: number | string, status?: 'administrator' | 'creator'): void;
  callsTo(method: string): RecordedCall[];
  waitFor(method: string, count?: number, timeoutMs?: number): Promise<RecordedCall[]>;
  close(): Promise<void>;
}

export const botInfo = {
  id: 7000001,
  is_bot: true as const,
  first_name: 'newsbrief',
  username: 'newsbrief_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
};

let nextUpdateId = 1;
let nextMessageId = 1;

export interface MessageUpdateOptions {
  text: string;
  chatId?: number | undefined;
  chatType?: 'private' | 'group' | 'supergroup' | 'channel' | undefined;
  userId?: number | undefined;
  firstName?: string | undefined;
  threadId?: number | undefined;
  title?: string | undefined;
}

/** A message update; a leading `/command` gets the `bot_command` entity Telegram adds. */
export function commandUpdate(options: MessageUpdateOptions): Record<string, unknown> {
  const chatType = options.chatType ?? 'private';
  const userId = options.userId ?? 1001;
  const chatId = options.chatId ?? (chatType === 'private' ? userId : -100123);
  const command = /^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/.exec(options.text);
  const chat = chatType === 'private' ? { id: chatId, type: 'private', first_name: options.firstName ?? 'Ada' } : { id: chatId, type: chatType, title: options.title ?? 'News room', ...(options.threadId ? { is_forum: true } : {}) };
  const message: Record<string, unknown> = {
    message_id: nextMessageId++,
    date: Math.floor(Date.now() / 1000),
    chat,
    text: options.text,
    ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
    ...(options.threadId ? { message_thread_id: options.threadId, is_topic_message: true } : {}),
  };
  if (chatType === 'channel') {
    message.sender_chat = chat;
    return { channel_post: message };
  }
  message.from = { id: userId, is_bot: false, first_name: options.firstName ?? 'Ada' };
  return { message };
}

/** A press on an inline button of a message the bot sent. */
export function callbackUpdate(options: { data: string; message: SentMessage; userId?: number | undefined; chatType?: 'private' | 'group' | 'supergroup' | undefined }): Record<string, unknown> {
  const userId = options.userId ?? 1001;
  const chatId = Number(options.message.chatId);
  const chatType = options.chatType ?? (chatId > 0 ? 'private' : 'supergroup');
  return {
    callback_query: {
      id: String(nextUpdateId * 1000 + nextMessageId++),
      from: { id: userId, is_bot: false, first_name: 'Ada' },
      chat_instance: '1',
      data: options.data,
      message: {
        message_id: options.message.messageId,
        date: Math.floor(Date.now() / 1000),
        chat: chatType === 'private' ? { id: chatId, type: 'private', first_name: 'Ada' } : { id: chatId, type: chatType, title: 'News room' },
        from: botInfo,
        text: options.message.text,
        ...(options.message.replyMarkup ? { reply_markup: options.message.replyMarkup } : {}),
      },
    },
  };
}

async function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  const query = Object.fromEntries(new URL(request.url ?? '/', 'http://x').searchParams);
  if (raw.length === 0) return query;
  if ((request.headers['content-type'] ?? '').includes('json')) return { ...query, ...(JSON.parse(raw) as Record<string, unknown>) };
  return { ...query, ...Object.fromEntries(new URLSearchParams(raw)) };
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

function parseJsonField(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Starts the fake on 127.0.0.1 (a free port unless `port` is given). */
export async function startFakeTelegram(options: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  const calls: RecordedCall[] = [];
  const messages: SentMessage[] = [];
  const updates: Array<Record<string, unknown> & { update_id: number }> = [];
  const failures: InjectedFailure[] = [];
  const admins = new Map<string, string>();
  const pollers = new Set<() => void>();
  const callWaiters = new Set<() => void>();
  const chatSends = new Map<string, number[]>();
  const allSends: number[] = [];
  const log = options.log;
  let webhookUrl = '';

  function chatMessage(chatId: string, messageId: number): SentMessage | undefined {
    return messages.findLast((sent) => sent.chatId === chatId && sent.messageId === messageId);
  }

  function floodCheck(chatId: string): number | undefined {
    const limits = options.rateLimit;
    if (limits === undefined) return undefined;
    const now = performance.now();
    // Groups and channels (negative ids) also have a per-minute budget, as on Telegram.
    const perMinute = Number(chatId) < 0 ? limits.perGroupPerMinute : undefined;
    const recent = (chatSends.get(chatId) ?? []).filter((at) => at > now - 60_000);
    const lastSecond = recent.filter((at) => at > now - 1000);
    while (allSends.length > 0 && allSends[0]! <= now - 1000) allSends.shift();
    const waits: number[] = [];
    if (lastSecond.length >= limits.perChatPerSecond) waits.push(lastSecond[0]! + 1000 - now);
    if (perMinute !== undefined && recent.length >= perMinute) waits.push(recent[recent.length - perMinute]! + 60_000 - now);
    if (allSends.length >= limits.globalPerSecond) waits.push(allSends[0]! + 1000 - now);
    if (waits.length > 0) return Math.max(1, Math.ceil(Math.max(...waits) / 1000));
    recent.push(now);
    chatSends.set(chatId, recent);
    allSends.push(now);
    return undefined;
  }

  type Answer = { status: number; body: unknown } | 'destroy';
  const ok = (result: unknown): Answer => ({ status: 200, body: { ok: true, result } });
  const error = (body: TelegramErrorBody): Answer => ({ status: body.error_code, body: { ok: false, ...body } });

  function checkText(body: Record<string, unknown>): { text: string; entities: ParsedEntity[]; droppedEntities: number } | TelegramErrorBody {
    const raw = typeof body.text === 'string' ? body.text : '';
    const parsed = body.parse_mode === 'HTML' ? parseTelegramHtml(raw) : { ok: true as const, text: raw, entities: [] };
    if (!parsed.ok) return { error_code: 400, description: parsed.error };
    if (parsed.text.trim().length === 0) return telegramErrors.badRequest('message text is empty');
    if (parsed.text.length > 4096) return telegramErrors.badRequest('message is too long');
    return { text: parsed.text, entities: parsed.entities.slice(0, 100), droppedEntities: Math.max(0, parsed.entities.length - 100) };
  }

  async function handleGetUpdates(body: Record<string, unknown>, request: IncomingMessage): Promise<Answer> {
    const offset = Number(body.offset ?? 0);
    while (updates.length > 0 && updates[0]!.update_id < offset) updates.shift();
    const timeout = Math.min(Number(body.timeout ?? 0), 50);
    if (updates.length === 0 && timeout > 0) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          pollers.delete(done);
          resolve();
        };
        const timer = setTimeout(done, timeout * 1000);
        pollers.add(done);
        request.once('close', done);
      });
    }
    return ok(updates.slice(0, Number(body.limit ?? 100)));
  }

  async function handle(method: string, body: Record<string, unknown>, request: IncomingMessage): Promise<Answer> {
    const chatId = body.chat_id === undefined ? undefined : String(body.chat_id);
    // A failure without a method hits any call but polling (tests name getUpdates to fail it).
    const failure = failures.find((f) => (f.method === method || (f.method === undefined && method !== 'getUpdates')) && (f.chatId === undefined || String(f.chatId) === chatId));
    if (failure !== undefined) {
      failure.times = (failure.times ?? 1) - 1;
      if (failure.times <= 0) failures.splice(failures.indexOf(failure), 1);
      if (failure.destroy) return 'destroy';
      if (failure.error) return error(failure.error);
    }
    switch (method) {
      case 'getMe':
        return ok(botInfo);
      case 'getUpdates':
        return handleGetUpdates(body, request);
      case 'setWebhook':
        webhookUrl = String(body.url ?? '');
        return ok(true);
      case 'deleteWebhook':
        webhookUrl = '';
        return ok(true);
      case 'getWebhookInfo':
        return ok({ url: webhookUrl, has_custom_certificate: false, pending_update_count: updates.length });
      case 'setMyCommands':
      case 'answerCallbackQuery':
      case 'sendChatAction':
        return ok(true);
      case 'getChatMember': {
        const status = admins.get(`${chatId}:${String(body.user_id)}`) ?? 'member';
        return ok({ status, user: { id: Number(body.user_id), is_bot: false, first_name: 'User' }, ...(status === 'administrator' ? { can_be_edited: false, can_manage_chat: true } : {}) });
      }
      case 'sendMessage': {
        if (chatId === undefined) return error(telegramErrors.badRequest('chat_id is empty'));
        const checked = checkText(body);
        if ('error_code' in checked) return error(checked);
        const wait = floodCheck(chatId);
        if (wait !== undefined) return error(telegramErrors.tooManyRequests(wait));
        const threadId = body.message_thread_id === undefined ? undefined : Number(body.message_thread_id);
        const sent: SentMessage = { chatId, messageId: nextMessageId++, threadId, text: checked.text, raw: String(body.text), entities: checked.entities, droppedEntities: checked.droppedEntities, replyMarkup: parseJsonField(body.reply_markup), method: 'sendMessage' };
        messages.push(sent);
        log?.(`→ chat ${chatId} (message ${sent.messageId}): ${checked.text.replace(/\n/g, '\n  ')}${sent.replyMarkup ? `\n  [buttons] ${JSON.stringify(sent.replyMarkup)}` : ''}`);
        return ok({ message_id: sent.messageId, date: Math.floor(Date.now() / 1000), chat: { id: Number(chatId), type: Number(chatId) > 0 ? 'private' : 'supergroup' }, text: checked.text, entities: checked.entities, ...(threadId ? { message_thread_id: threadId } : {}) });
      }
      case 'editMessageText': {
        const original = chatId === undefined ? undefined : chatMessage(chatId, Number(body.message_id));
        if (original === undefined) return error(telegramErrors.badRequest('message to edit not found'));
        const checked = checkText(body);
        if ('error_code' in checked) return error(checked);
        const markup = parseJsonField(body.reply_markup);
        if (checked.text === original.text && JSON.stringify(markup) === JSON.stringify(original.replyMarkup)) {
          return error(telegramErrors.badRequest('message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message'));
        }
        messages.push({ ...original, text: checked.text, raw: String(body.text), entities: checked.entities, droppedEntities: checked.droppedEntities, replyMarkup: markup, method: 'editMessageText' });
        log?.(`✎ chat ${chatId} message ${original.messageId}: ${checked.text}`);
        return ok({ message_id: original.messageId, date: Math.floor(Date.now() / 1000), chat: { id: Number(chatId), type: 'private' }, text: checked.text });
      }
      default:
        return error({ error_code: 404, description: 'Not Found: method not found' });
    }
  }

  async function handleControl(path: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (path === '/inject' && request.method === 'POST') {
      const body = await readBody(request);
      const update = 'update' in body ? (parseJsonField(body.update) as Record<string, unknown>) : commandUpdate({
        text: String(body.text ?? '/help'),
        chatId: body.chatId === undefined ? undefined : Number(body.chatId),
        chatType: body.chatType as MessageUpdateOptions['chatType'],
        userId: body.userId === undefined ? undefined : Number(body.userId),
      });
      reply(response, 200, { ok: true, update_id: fake.injectUpdate(update) });
    } else if (path === '/admin' && request.method === 'POST') {
      const body = await readBody(request);
      fake.setAdmin(String(body.chatId), String(body.userId ?? 1001));
      reply(response, 200, { ok: true });
    } else if (path === '/press' && request.method === 'POST') {
      // Presses a button of a sent message, by its label, as `userId`.
      const body = await readBody(request);
      const message = messages.findLast((sent) => sent.messageId === Number(body.messageId) && sent.replyMarkup !== undefined);
      const rows = (message?.replyMarkup as { inline_keyboard?: Array<Array<{ text: string; callback_data: string }>> } | undefined)?.inline_keyboard ?? [];
      const button = rows.flat().find((candidate) => candidate.text === body.button) ?? rows.flat()[0];
      if (message === undefined || button === undefined) return reply(response, 404, { ok: false, description: 'no message with buttons has that messageId' });
      const update = callbackUpdate({ data: button.callback_data, message, userId: body.userId === undefined ? undefined : Number(body.userId) });
      reply(response, 200, { ok: true, update_id: fake.injectUpdate(update) });
    } else if (path === '/sent') {
      reply(response, 200, messages);
    } else {
      reply(response, 404, { ok: false, description: 'POST /inject {"text":"/help","chatId":-100,"chatType":"supergroup","userId":5}, POST /admin {"chatId":-100,"userId":5}, POST /press {"messageId":3,"button":"More stories"}, GET /sent' });
    }
  }

  const server = createServer((request, response) => {
    void (async () => {
      const path = new URL(request.url ?? '/', 'http://x').pathname;
      const route = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(path);
      if (route === null) return handleControl(path, request, response);
      const [, token, method] = route as unknown as [string, string, string];
      const body = await readBody(request);
      const record = () => {
        calls.push({ method, token, body, at: Date.now() });
        for (const wake of [...callWaiters]) wake();
      };
      if (options.token !== undefined && token !== options.token) {
        record();
        return reply(response, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
      }
      if (log && method !== 'getUpdates' && method !== 'sendMessage' && method !== 'editMessageText') log(`· ${method}`);
      const answer = await handle(method, body, request);
      // Recorded once answered, so a test that saw the call also sees its effect.
      record();
      if (answer === 'destroy') return request.socket.destroy();
      if (!response.destroyed) reply(response, answer.status, answer.body);
    })().catch((failure: unknown) => {
      if (!response.headersSent) reply(response, 500, { ok: false, error_code: 500, description: `Internal Server Error: ${String(failure)}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;

  const fake: FakeTelegram = {
    url: `http://127.0.0.1:${address.port}`,
    calls,
    messages,
    botInfo,
    injectUpdate(update) {
      const withId = { ...update, update_id: typeof update.update_id === 'number' ? update.update_id : nextUpdateId++ };
      updates.push(withId);
      for (const wake of [...pollers]) wake();
      return withId.update_id;
    },
    fail(failure) {
      failures.push({ ...failure });
    },
    setAdmin(chatId, userId, status = 'administrator') {
      admins.set(`${chatId}:${userId}`, status);
    },
    callsTo(method) {
      return calls.filter((call) => call.method === method);
    },
    async waitFor(method, count = 1, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (fake.callsTo(method).length < count) {
        if (Date.now() > deadline) throw new Error(`fake Telegram: expected ${count} ${method} call(s), saw ${fake.callsTo(method).length}`);
        await new Promise<void>((resolve) => {
          const wake = () => {
            callWaiters.delete(wake);
            clearTimeout(timer);
            resolve();
          };
          const timer = setTimeout(wake, 50);
          callWaiters.add(wake);
        });
      }
      return fake.callsTo(method);
    },
    async close() {
      for (const wake of [...pollers]) wake();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}

if (import.meta.main) {
  const portFlag = process.argv.indexOf('--port');
  const port = portFlag >= 0 ? Number(process.argv[portFlag + 1]) : 8081;
  const fake = await startFakeTelegram({ port, log: (line) => console.log(line) });
  console.log(`Fake Telegram Bot API on ${fake.url}`);
  console.log(`  run the bot with TELEGRAM_API_ROOT=${fake.url} TELEGRAM_BOT_TOKEN=123456:fake-token-for-local-tries`);
  console.log(`  send it a command: curl -d '{"text":"/help"}' -H 'content-type: application/json' ${fake.url}/inject`);
  console.log(`  press a button:    curl -d '{"messageId":3,"button":"More stories"}' -H 'content-type: application/json' ${fake.url}/press`);
  console.log(`  make user 5 admin of chat -100: curl -d '{"chatId":-100,"userId":5}' -H 'content-type: application/json' ${fake.url}/admin`);
  console.log(`  see what it sent:  curl ${fake.url}/sent`);
}
