import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the fake answers to one request. */
export type FakeReply =
  | { content: string; totalTokens?: number; finishReason?: string }
  | { status: number; body?: unknown; headers?: Record<string, string> }
  | { hang: true };

export interface RecordedRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

/**
 * An OpenAI-compatible server on 127.0.0.1 speaking real HTTP: `POST /v1/chat/completions`
 * and `POST /v1/embeddings`. Chat replies come from `script(...)` in order, then from
 * `respond` (default: an empty completion); every request is recorded.
 *
 * @example
 * const api = await startFakeOpenAi();
 * api.script({ status: 429, headers: { 'retry-after-ms': '10' } }, { content: 'The port reopened [1].' });
 */
export interface FakeOpenAi {
  baseUrl: string;
  requests: RecordedRequest[];
  /** Chat requests only. */
  chats(): RecordedRequest[];
  script(...replies: FakeReply[]): void;
  respond: (request: RecordedRequest) => FakeReply;
  /** When set, embeddings requests fail with this status. */
  embeddingStatus?: number | undefined;
  /** The user message of chat request `index` (the prompt with the sources). */
  userPrompt(index: number): string;
  close(): Promise<void>;
}

export async function startFakeOpenAi(options: { port?: number } = {}): Promise<FakeOpenAi> {
  const queue: FakeReply[] = [];
  const sockets = new Set<Socket>();
  const hanging = new Set<ServerResponse>();
  const fake: FakeOpenAi = {
    baseUrl: '',
    requests: [],
    chats: () => fake.requests.filter((request) => request.path.endsWith('/chat/completions')),
    script: (...replies) => {
      queue.push(...replies);
    },
    respond: () => ({ content: '' }),
    userPrompt(index) {
      const messages = (fake.chats()[index]?.body.messages ?? []) as Array<{ role: string; content: string }>;
      return messages.find((message) => message.role === 'user')?.content ?? '';
    },
    close: async () => {
      for (const response of hanging) response.destroy();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
    } catch {
      body = {};
    }
    const recorded: RecordedRequest = { path: request.url ?? '', headers: request.headers, body };
    fake.requests.push(recorded);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(JSON.stringify(payload));
    };
    if (request.method !== 'POST') return send(405, { error: { message: 'method not allowed' } });
    if (recorded.path === '/v1/embeddings') {
      if (fake.embeddingStatus !== undefined) return send(fake.embeddingStatus, { error: { message: `scripted ${fake.embeddingStatus}` } });
      const input = Array.isArray(body.input) ? (body.input as string[]) : [String(body.input)];
      return send(200, { object: 'list', model: body.model, data: input.map((text, index) => ({ object: 'embedding', index, embedding: embeddingOf(text) })), usage: { prompt_tokens: input.length * 5, total_tokens: input.length * 5 } });
    }
    if (recorded.path !== '/v1/chat/completions') return send(404, { error: { message: `no route ${recorded.path}` } });
    const reply = queue.shift() ?? fake.respond(recorded);
    if ('hang' in reply) {
      hanging.add(response);
      return;
    }
    if ('status' in reply) return send(reply.status, reply.body ?? { error: { message: `scripted ${reply.status}`, type: 'server_error' } }, reply.headers);
    send(200, {
      id: `chatcmpl-${fake.requests.length}`,
      object: 'chat.completion',
      created: 1_764_000_000,
      model: body.model,
      choices: [{ index: 0, message: { role: 'assistant', content: reply.content }, finish_reason: reply.finishReason ?? 'stop' }],
      usage: { prompt_tokens: (reply.totalTokens ?? 100) - 20, completion_tokens: 20, total_tokens: reply.totalTokens ?? 100 },
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', () => resolve()));
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return fake;
}

/** A tiny deterministic bag-of-letters vector, so similar texts get similar embeddings. */
function embeddingOf(text: string): number[] {
  const vector = new Array<number>(26).fill(0);
  for (const char of text.toLowerCase()) {
    const index = char.charCodeAt(0) - 97;
    if (index >= 0 && index < 26) vector[index]! += 1;
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => value / norm);
}

/**
 * A stand-in model for trying LLM mode by hand: answers with the first sentence of source 1
 * (unescaped), cited [1] — always grounded, plainly not clever.
 */
export function echoFirstSource(request: RecordedRequest): FakeReply {
  const messages = (request.body.messages ?? []) as Array<{ role: string; content: string }>;
  const prompt = messages.find((message) => message.role === 'user')?.content ?? '';
  const text = /<source n="1"[^>]*>\n([\s\S]*?)\n<\/source>/.exec(prompt)?.[1] ?? '';
  const unescaped = text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  const first = /^[\s\S]*?[.!?](?=\s|$)/.exec(unescaped.trim())?.[0] ?? unescaped.trim();
  return { content: first ? `${first} [1]` : 'NOT_IN_SOURCES' };
}

// `node tests/fakes/openai-api.ts [port]` serves the echo model (on a free port by default),
// for a manual run of `OPENAI_BASE_URL=<printed URL> LLM_MODEL=echo npm start`.
if (import.meta.main) {
  const api = await startFakeOpenAi({ port: Number(process.argv[2] ?? 0) || 0 });
  api.respond = echoFirstSource;
  console.log(`Fake OpenAI-compatible server (echo model): OPENAI_BASE_URL=${api.baseUrl}`);
  process.on('SIGINT', () => void api.close().then(() => process.exit(0)));
}
