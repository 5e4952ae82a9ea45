import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake Bot API saw. `received` counts accepted messages per `chat_id\0text`. */
export interface FakeBotApiStats {
  accepted: number;
  rejected429: number;
  received: Map<string, number>;
  acceptedAt: number[];
}

export interface FakeBotApi {
  url: string;
  stats: FakeBotApiStats;
  reset(): void;
  close(): Promise<void>;
}

/**
 * A minimal Telegram Bot API (`sendMessage` only) that enforces the limits Telegram
 * documents: `perSecond` messages/s for the bot (a token bucket holding one second's worth)
 * and one message per second per chat, answering 429 with `parameters.retry_after` beyond that.
 */
export async function startFakeBotApi(options: { perSecond?: number; chatIntervalMs?: number } = {}): Promise<FakeBotApi> {
  const perSecond = options.perSecond ?? 30;
  const chatIntervalMs = options.chatIntervalMs ?? 1000;
  const stats: FakeBotApiStats = { accepted: 0, rejected429: 0, received: new Map(), acceptedAt: [] };
  let tokens = perSecond;
  let refilledAt = Date.now();
  const lastByChat = new Map<string, number>();
  let nextMessageId = 1;

  const reply = (response: ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  const tooMany = (response: ServerResponse, seconds: number) => {
    stats.rejected429 += 1;
    reply(response, 429, { ok: false, error_code: 429, description: `Too Many Requests: retry after ${seconds}`, parameters: { retry_after: seconds } });
  };

  const handle = (request: IncomingMessage, body: string, response: ServerResponse) => {
    if (!/^\/bot[^/]+\/sendMessage$/.test(request.url ?? '')) return reply(response, 404, { ok: false, error_code: 404, description: 'Not Found' });
    let message: { chat_id?: unknown; text?: unknown };
    try {
      message = JSON.parse(body) as typeof message;
    } catch {
      return reply(response, 400, { ok: false, error_code: 400, description: 'Bad Request: invalid JSON' });
    }
    if (message.chat_id === undefined || typeof message.text !== 'string' || message.text.length === 0 || message.text.length > 4096) {
      return reply(response, 400, { ok: false, error_code: 400, description: 'Bad Request: message text is empty or too long' });
    }
    const now = Date.now();
    tokens = Math.min(perSecond, tokens + ((now - refilledAt) / 1000) * perSecond);
    refilledAt = now;
    const chat = String(message.chat_id);
    const last = lastByChat.get(chat);
    if (last !== undefined && now - last < chatIntervalMs) return tooMany(response, Math.ceil((chatIntervalMs - (now - last)) / 1000));
    if (tokens < 1) return tooMany(response, 1);
    tokens -= 1;
    lastByChat.set(chat, now);
    stats.accepted += 1;
    stats.acceptedAt.push(now);
    const key = `${chat}\u0000${message.text}`;
    stats.received.set(key, (stats.received.get(key) ?? 0) + 1);
    reply(response, 200, { ok: true, result: { message_id: nextMessageId++, chat: { id: Number(chat) }, date: Math.floor(now / 1000), text: message.text } });
  };

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => handle(request, Buffer.concat(chunks).toString('utf8'), response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    reset: () => {
      stats.accepted = 0;
      stats.rejected429 = 0;
      stats.received.clear();
      stats.acceptedAt = [];
      lastByChat.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
