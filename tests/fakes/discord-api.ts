import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake Discord REST API (v10) on 127.0.0.1 speaking real HTTP, for tests. It keeps
 * application commands, answers interaction callbacks and webhook follow-ups, stores
 * channel messages and forum posts, records every request, and enforces the documented
 * limits the way Discord does (400 with code 50035, 40060 for a second callback, 10062
 * for a callback after the 3-second window).
 */

const discordEpoch = 1_420_070_400_000n;

/** Milliseconds since epoch encoded in a snowflake. */
export function snowflakeTime(id: string): number {
  return Number((BigInt(id) >> 22n) + discordEpoch);
}

let sequence = 0;
/** A snowflake for `time` (default now), unique within the process. */
export function makeSnowflake(time = Date.now()): string {
  sequence = (sequence + 1) % 4096;
  return (((BigInt(time) - discordEpoch) << 22n) | BigInt(sequence)).toString();
}

export interface RecordedRequest {
  method: string;
  /** Path after /api/v10, without the query. */
  path: string;
  query: URLSearchParams;
  body: any;
  authorization: string | undefined;
  /** When the fake received it (ms since epoch). */
  at: number;
}

export interface StoredMessage {
  id: string;
  channelId: string;
  body: any;
  /** How it was sent: a channel message, an interaction response or a follow-up. */
  via: 'channel' | 'callback' | 'edit' | 'followup' | 'forum';
  interactionId?: string | undefined;
  ephemeral: boolean;
  /** Who Discord would notify: mentions in `content` that `allowed_mentions` lets through (embeds never ping). */
  pings: string[];
}

/** Mentions in message content that would notify someone, given `allowed_mentions` (absent: all parsed). */
export function wouldPing(body: any): string[] {
  const content: string = typeof body?.content === 'string' ? body.content : '';
  const allowed = body?.allowed_mentions;
  const parse: string[] = allowed === undefined ? ['everyone', 'roles', 'users'] : (allowed.parse ?? []);
  const pings: string[] = [];
  if (parse.includes('everyone')) pings.push(...(content.match(/@(everyone|here)\b/g) ?? []));
  for (const match of content.matchAll(/<@&(\d+)>/g)) if (parse.includes('roles') || allowed?.roles?.includes(match[1])) pings.push(match[0]);
  for (const match of content.matchAll(/<@!?(\d+)>/g)) if (parse.includes('users') || allowed?.users?.includes(match[1])) pings.push(match[0]);
  return pings;
}

export interface InjectedFailure {
  method?: string | undefined;
  path: RegExp;
  status: number;
  code?: number | undefined;
  message?: string | undefined;
  /** Seconds, for 429. */
  retryAfter?: number | undefined;
  global?: boolean | undefined;
  /** How many requests it applies to (default 1). */
  times?: number | undefined;
}

interface InteractionState {
  id: string;
  token: string;
  applicationId: string;
  channelId: string;
  createdAt: number;
  callbackType?: number | undefined;
  callbackAt?: number | undefined;
  ephemeral: boolean;
  originalId?: string | undefined;
}

export interface FakeChannel {
  id: string;
  type: number;
  name?: string | undefined;
  guild_id?: string | undefined;
  parent_id?: string | undefined;
}

export interface FakeDiscordOptions {
  /** The window for the first interaction response (Discord: 3000 ms). */
  interactionDeadlineMs?: number | undefined;
  /** What GET /gateway/bot answers (default: an address that never resolves, for tests that do not log in). */
  gatewayUrl?: string | undefined;
}

class ApiFailure extends Error {
  readonly status: number;
  readonly code: number;
  readonly errors: unknown;
  constructor(status: number, code: number, message: string, errors?: unknown) {
    super(message);
    this.status = status;
    this.code = code;
    this.errors = errors;
  }
}

const limits = { content: 2000, embeds: 10, title: 256, description: 4096, fields: 25, fieldName: 256, fieldValue: 1024, footer: 2048, author: 256, total: 6000, rows: 5, buttons: 5, customId: 100, label: 80 };

function invalid(problem: string): ApiFailure {
  return new ApiFailure(400, 50035, 'Invalid Form Body', { problem });
}

function length(value: unknown): number {
  return typeof value === 'string' ? [...value].length : 0;
}

/** Checks a message body against Discord's documented limits; throws a 400 like Discord. */
export function validateMessageBody(body: any, options: { requireContent?: boolean } = {}): void {
  if (body === null || typeof body !== 'object') throw invalid('body must be an object');
  if (body.content !== undefined && typeof body.content !== 'string') throw invalid('content must be a string');
  if (length(body.content) > limits.content) throw invalid(`content is ${length(body.content)} > ${limits.content}`);
  const embeds: any[] = body.embeds ?? [];
  if (!Array.isArray(embeds)) throw invalid('embeds must be an array');
  if (embeds.length > limits.embeds) throw invalid(`${embeds.length} embeds > ${limits.embeds}`);
  let total = 0;
  for (const [index, embed] of embeds.entries()) {
    const check = (value: unknown, max: number, what: string) => {
      if (length(value) > max) throw invalid(`embeds[${index}].${what} is ${length(value)} > ${max}`);
      total += length(value);
    };
    check(embed.title, limits.title, 'title');
    check(embed.description, limits.description, 'description');
    check(embed.footer?.text, limits.footer, 'footer.text');
    check(embed.author?.name, limits.author, 'author.name');
    const fields: any[] = embed.fields ?? [];
    if (fields.length > limits.fields) throw invalid(`embeds[${index}] has ${fields.length} fields > ${limits.fields}`);
    for (const field of fields) {
      if (length(field.name) === 0 || length(field.value) === 0) throw invalid(`embeds[${index}] has an empty field`);
      check(field.name, limits.fieldName, 'fields.name');
      check(field.value, limits.fieldValue, 'fields.value');
    }
    if (embed.url !== undefined && !/^https?:\/\//.test(embed.url)) throw invalid(`embeds[${index}].url is not a URL`);
    if (!embed.title && !embed.description && fields.length === 0) throw invalid(`embeds[${index}] is empty`);
  }
  if (total > limits.total) throw invalid(`embeds total ${total} > ${limits.total}`);
  const rows: any[] = body.components ?? [];
  if (rows.length > limits.rows) throw invalid(`${rows.length} action rows > ${limits.rows}`);
  for (const row of rows) {
    if (row.type !== 1) throw invalid('top-level components must be action rows');
    if (!Array.isArray(row.components) || row.components.length === 0 || row.components.length > limits.buttons) throw invalid('an action row needs 1–5 components');
    for (const button of row.components) {
      if (button.type !== 2) throw invalid('only buttons are expected');
      if (button.style === 5 ? !button.url : length(button.custom_id) === 0 || length(button.custom_id) > limits.customId) throw invalid(`bad custom_id ${button.custom_id}`);
      if (length(button.label) > limits.label) throw invalid('button label too long');
    }
  }
  if (options.requireContent !== false && !body.content && embeds.length === 0 && rows.length === 0 && !body.attachments?.length) {
    throw new ApiFailure(400, 50006, 'Cannot send an empty message');
  }
}

/** Checks one application command against the registration limits. */
export function validateCommand(command: any): void {
  const nameOk = (name: unknown) => typeof name === 'string' && /^[-_\p{Ll}\p{N}]{1,32}$/u.test(name);
  const descriptionOk = (text: unknown) => typeof text === 'string' && length(text) >= 1 && length(text) <= 100;
  if (!nameOk(command.name)) throw invalid(`command name "${command.name}" is invalid`);
  if ((command.type ?? 1) === 1 && !descriptionOk(command.description)) throw invalid(`/${command.name} description must be 1–100 characters`);
  if (command.default_member_permissions !== undefined && command.default_member_permissions !== null && !/^\d+$/.test(command.default_member_permissions)) {
    throw invalid(`/${command.name} default_member_permissions must be a bitset string`);
  }
  const options: any[] = command.options ?? [];
  if (options.length > 25) throw invalid(`/${command.name} has more than 25 options`);
  let seenOptional = false;
  const names = new Set<string>();
  for (const option of options) {
    if (!nameOk(option.name)) throw invalid(`/${command.name} option name "${option.name}" is invalid`);
    if (names.has(option.name)) throw invalid(`/${command.name} repeats option ${option.name}`);
    names.add(option.name);
    if (!descriptionOk(option.description)) throw invalid(`/${command.name} ${option.name}: description must be 1–100 characters`);
    if (![3, 4, 5, 10].includes(option.type)) throw invalid(`/${command.name} ${option.name}: unexpected type ${option.type}`);
    if (option.required) {
      if (seenOptional) throw invalid(`/${command.name}: required options must come before optional ones`);
    } else seenOptional = true;
    if (option.choices !== undefined) {
      if (option.autocomplete) throw invalid(`/${command.name} ${option.name}: choices and autocomplete are exclusive`);
      if (option.choices.length > 25) throw invalid(`/${command.name} ${option.name}: more than 25 choices`);
      for (const choice of option.choices) {
        if (length(choice.name) < 1 || length(choice.name) > 100) throw invalid('choice name must be 1–100 characters');
      }
    }
    if (option.max_length !== undefined && (option.max_length < 1 || option.max_length > 6000)) throw invalid('max_length must be 1–6000');
  }
}

export interface FakeDiscordApi {
  /** e.g. http://127.0.0.1:PORT/api — the base discord.js and DISCORD_API_BASE take. */
  readonly url: string;
  readonly requests: RecordedRequest[];
  readonly messages: StoredMessage[];
  readonly commands: { global: any[]; guilds: Map<string, any[]> };
  readonly channels: Map<string, FakeChannel>;
  /** Roles per guild, for GET /guilds/:id/roles. */
  readonly roles: Map<string, Array<{ id: string; name: string }>>;
  /** Users who do not accept DMs from the bot (50007). */
  readonly closedDms: Set<string>;
  /** Problems the fake refused (4xx it produced itself), newest last. */
  readonly rejections: Array<{ path: string; status: number; code: number; message: string; problem?: unknown }>;
  /** Registers an interaction the test is about to deliver (creation time defaults to its snowflake). */
  expectInteraction(interaction: { id: string; token: string; application_id: string; channel_id: string }, createdAt?: number): void;
  interaction(id: string): InteractionState | undefined;
  inject(failure: InjectedFailure): void;
  /** Resolves when `predicate` holds for the recorded requests, or rejects after `timeoutMs`. */
  waitFor(predicate: (requests: readonly RecordedRequest[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts the fake on a free loopback port. */
export async function startFakeDiscordApi(options: FakeDiscordOptions = {}): Promise<FakeDiscordApi> {
  const deadlineMs = options.interactionDeadlineMs ?? 3000;
  const gatewayUrl = options.gatewayUrl ?? 'wss://gateway.invalid';
  const requests: RecordedRequest[] = [];
  const messages: StoredMessage[] = [];
  const rejections: FakeDiscordApi['rejections'] = [];
  const commands = { global: [] as any[], guilds: new Map<string, any[]>() };
  const channels = new Map<string, FakeChannel>();
  const roles = new Map<string, Array<{ id: string; name: string }>>();
  const closedDms = new Set<string>();
  const interactions = new Map<string, InteractionState>();
  const failures: InjectedFailure[] = [];
  const waiters = new Set<() => void>();

  function storeMessage(channelId: string, body: any, via: StoredMessage['via'], extra: Partial<StoredMessage> = {}): any {
    const id = makeSnowflake();
    messages.push({ id, channelId, body, via, ephemeral: Boolean((body.flags ?? 0) & 64), pings: wouldPing(body), ...extra });
    return { id, channel_id: channelId, type: 0, content: body.content ?? '', embeds: body.embeds ?? [], components: body.components ?? [], flags: body.flags ?? 0, timestamp: new Date().toISOString(), author: { id: '1', username: 'newsbrief', discriminator: '0', bot: true }, attachments: [], mentions: [], mention_roles: [], pinned: false, tts: false, mention_everyone: false };
  }

  function interactionByToken(applicationId: string, token: string): InteractionState {
    for (const state of interactions.values()) if (state.token === token && state.applicationId === applicationId) return state;
    throw new ApiFailure(404, 10015, 'Unknown Webhook');
  }

  function commandList(applicationId: string, guildId: string | undefined): any[] {
    void applicationId;
    if (guildId === undefined) return commands.global;
    if (!commands.guilds.has(guildId)) commands.guilds.set(guildId, []);
    return commands.guilds.get(guildId)!;
  }

  function putCommands(list: any[], body: any, applicationId: string, guildId: string | undefined): any[] {
    if (!Array.isArray(body)) throw invalid('bulk overwrite takes an array');
    if (body.length > 100) throw invalid('more than 100 commands');
    const names = new Set<string>();
    for (const command of body) {
      validateCommand(command);
      if (names.has(command.name)) throw invalid(`duplicate command ${command.name}`);
      names.add(command.name);
    }
    const previous = new Map(list.map((command) => [command.name, command]));
    const next = body.map((command: any) => ({
      ...command,
      id: previous.get(command.name)?.id ?? makeSnowflake(),
      application_id: applicationId,
      ...(guildId ? { guild_id: guildId } : {}),
      version: makeSnowflake(),
      type: command.type ?? 1,
    }));
    list.splice(0, list.length, ...next);
    return next;
  }

  async function route(method: string, path: string, query: URLSearchParams, body: any): Promise<{ status: number; json?: unknown }> {
    let match: RegExpMatchArray | null;
    if ((match = path.match(/^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/))) {
      const list = commandList(match[1]!, match[2]);
      if (method === 'GET') return { status: 200, json: list };
      if (method === 'PUT') return { status: 200, json: putCommands(list, body, match[1]!, match[2]) };
      if (method === 'POST') {
        validateCommand(body);
        const created = { ...body, id: makeSnowflake(), application_id: match[1], version: makeSnowflake() };
        const index = list.findIndex((command) => command.name === body.name);
        if (index >= 0) list[index] = created;
        else list.push(created);
        return { status: 201, json: created };
      }
    }
    if ((match = path.match(/^\/interactions\/(\d+)\/([^/]+)\/callback$/)) && method === 'POST') {
      const state = interactions.get(match[1]!);
      if (state === undefined || state.token !== match[2]) throw new ApiFailure(404, 10062, 'Unknown interaction');
      if (state.callbackType !== undefined) throw new ApiFailure(400, 40060, 'Interaction has already been acknowledged.');
      if (Date.now() - state.createdAt > deadlineMs) throw new ApiFailure(404, 10062, 'Unknown interaction');
      const type = body?.type;
      if (![1, 4, 5, 6, 7, 8, 9].includes(type)) throw invalid(`unknown callback type ${type}`);
      if (type === 4 || type === 7) validateMessageBody(body.data ?? {});
      if (type === 8) {
        const choices = body.data?.choices;
        if (!Array.isArray(choices) || choices.length > 25) throw invalid('autocomplete needs at most 25 choices');
        for (const choice of choices) if (length(choice.name) < 1 || length(choice.name) > 100) throw invalid('choice name must be 1–100 characters');
      }
      state.callbackType = type;
      state.callbackAt = Date.now();
      state.ephemeral = Boolean((body.data?.flags ?? 0) & 64);
      if (type === 4) state.originalId = storeMessage(state.channelId, body.data, 'callback', { interactionId: state.id }).id;
      if (query.get('with_response') === 'true') return { status: 200, json: { interaction: { id: state.id, type: 2 } } };
      return { status: 204 };
    }
    if ((match = path.match(/^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/([^/]+))?$/))) {
      const state = interactionByToken(match[1]!, match[2]!);
      if (state.callbackType === undefined) throw new ApiFailure(404, 10015, 'Unknown Webhook');
      const messageId = match[3];
      if (messageId === undefined && method === 'POST') {
        validateMessageBody(body);
        return { status: 200, json: storeMessage(state.channelId, body, 'followup', { interactionId: state.id }) };
      }
      if (messageId === '@original' && method === 'PATCH') {
        validateMessageBody(body, { requireContent: false });
        const existing = messages.find((message) => message.id === state.originalId);
        if (existing) {
          existing.body = { ...existing.body, ...body };
          return { status: 200, json: { id: existing.id, channel_id: state.channelId, content: existing.body.content ?? '', embeds: existing.body.embeds ?? [], components: [], attachments: [], mentions: [], mention_roles: [], author: { id: '1', username: 'newsbrief', discriminator: '0', bot: true }, timestamp: new Date().toISOString(), type: 0, flags: 0 } };
        }
        const stored = storeMessage(state.channelId, { ...body, flags: state.ephemeral ? 64 : 0 }, 'edit', { interactionId: state.id });
        state.originalId = stored.id;
        return { status: 200, json: stored };
      }
      if (messageId === '@original' && method === 'DELETE') {
        const index = messages.findIndex((message) => message.id === state.originalId);
        if (index >= 0) messages.splice(index, 1);
        state.originalId = undefined;
        return { status: 204 };
      }
      if (messageId === '@original' && method === 'GET') {
        const existing = messages.find((message) => message.id === state.originalId);
        if (!existing) throw new ApiFailure(404, 10008, 'Unknown Message');
        return { status: 200, json: { id: existing.id, channel_id: state.channelId, ...existing.body } };
      }
    }
    if ((match = path.match(/^\/channels\/(\d+)$/)) && method === 'GET') {
      const channel = channels.get(match[1]!);
      if (channel === undefined) throw new ApiFailure(404, 10003, 'Unknown Channel');
      return { status: 200, json: channel };
    }
    if ((match = path.match(/^\/channels\/(\d+)\/messages$/)) && method === 'POST') {
      const channel = channels.get(match[1]!);
      if (channel === undefined) throw new ApiFailure(404, 10003, 'Unknown Channel');
      if (channel.type === 15 || channel.type === 16) throw new ApiFailure(400, 50008, 'Cannot send messages in a non-text channel');
      validateMessageBody(body);
      return { status: 200, json: storeMessage(channel.id, body, 'channel') };
    }
    if ((match = path.match(/^\/channels\/(\d+)\/threads$/)) && method === 'POST') {
      const channel = channels.get(match[1]!);
      if (channel === undefined) throw new ApiFailure(404, 10003, 'Unknown Channel');
      if (channel.type !== 15 && channel.type !== 16) throw invalid('only forum channels take a post with a message here');
      if (length(body?.name) < 1 || length(body?.name) > 100) throw invalid('thread name must be 1–100 characters');
      validateMessageBody(body.message ?? {});
      const threadId = makeSnowflake();
      channels.set(threadId, { id: threadId, type: 11, name: body.name, parent_id: channel.id, guild_id: channel.guild_id });
      const message = storeMessage(threadId, body.message, 'forum');
      return { status: 201, json: { id: threadId, type: 11, name: body.name, parent_id: channel.id, guild_id: channel.guild_id, message } };
    }
    if ((match = path.match(/^\/guilds\/(\d+)\/roles$/)) && method === 'GET') {
      return { status: 200, json: (roles.get(match[1]!) ?? []).map((role, position) => ({ ...role, color: 0, hoist: false, position, permissions: '0', managed: false, mentionable: false })) };
    }
    if (path === '/gateway/bot' && method === 'GET') {
      return { status: 200, json: { url: gatewayUrl, shards: 2, session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 } } };
    }
    if (path === '/users/@me/channels' && method === 'POST') {
      const recipient = String(body?.recipient_id ?? '');
      if (!/^\d+$/.test(recipient)) throw invalid('recipient_id must be a user id');
      if (closedDms.has(recipient)) throw new ApiFailure(403, 50007, 'Cannot send messages to this user');
      const existing = [...channels.values()].find((channel) => channel.type === 1 && channel.name === `dm-${recipient}`);
      const channel = existing ?? { id: makeSnowflake(), type: 1, name: `dm-${recipient}` };
      channels.set(channel.id, channel);
      return { status: 200, json: { id: channel.id, type: 1, recipients: [{ id: recipient, username: 'someone', discriminator: '0' }] } };
    }
    if (path === '/users/@me' && method === 'GET') return { status: 200, json: { id: '1', username: 'newsbrief', discriminator: '0', bot: true } };
    throw new ApiFailure(404, 0, `404: Not Found (${method} ${path})`);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: any;
    if (raw.length > 0) {
      if ((request.headers['content-type'] ?? '').startsWith('multipart/form-data')) {
        const json = raw.match(/name="payload_json"\r\n(?:Content-Type: application\/json\r\n)?\r\n([\s\S]*?)\r\n--/);
        body = json ? JSON.parse(json[1]!) : undefined;
      } else body = JSON.parse(raw);
    }
    const method = request.method ?? 'GET';
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v10/, '');
    requests.push({ method, path, query: url.searchParams, body, authorization: request.headers.authorization, at: Date.now() });
    for (const notify of waiters) notify();
    const send = (status: number, json?: unknown, headers: Record<string, string> = {}) => {
      // 204 carries no content type: undici throws on a JSON type with an empty body.
      if (json === undefined) response.writeHead(status, headers).end();
      else response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(json));
    };
    if (!url.pathname.startsWith('/api/v10/')) return send(404, { message: 'only /api/v10 is served', code: 0 });
    const failure = failures.find((candidate) => (candidate.method === undefined || candidate.method === method) && candidate.path.test(path));
    if (failure) {
      failure.times = (failure.times ?? 1) - 1;
      if (failure.times <= 0) failures.splice(failures.indexOf(failure), 1);
      if (failure.status === 429) {
        const retryAfter = failure.retryAfter ?? 1;
        return send(429, { message: 'You are being rate limited.', retry_after: retryAfter, global: failure.global ?? false }, { 'retry-after': String(Math.ceil(retryAfter)), ...(failure.global ? { 'x-ratelimit-global': 'true' } : {}), 'x-ratelimit-scope': failure.global ? 'global' : 'user' });
      }
      return send(failure.status, { message: failure.message ?? 'Injected failure', code: failure.code ?? 0 });
    }
    if (!request.headers.authorization?.startsWith('Bot ') && !path.startsWith('/interactions/') && !path.startsWith('/webhooks/')) {
      return send(401, { message: '401: Unauthorized', code: 0 });
    }
    try {
      const result = await route(method, path, url.searchParams, body);
      send(result.status, result.json);
    } catch (error) {
      if (!(error instanceof ApiFailure)) throw error;
      rejections.push({ path: `${method} ${path}`, status: error.status, code: error.code, message: error.message, problem: error.errors });
      send(error.status, { message: error.message, code: error.code, ...(error.errors ? { errors: error.errors } : {}) });
    } finally {
      // Again once handled: a waiter may be looking at the stored messages, not just the request.
      for (const notify of waiters) notify();
    }
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ message: String(error), code: 0 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/api`,
    requests,
    messages,
    commands,
    channels,
    roles,
    closedDms,
    rejections,
    expectInteraction(interaction, createdAt) {
      interactions.set(interaction.id, {
        id: interaction.id,
        token: interaction.token,
        applicationId: interaction.application_id,
        channelId: interaction.channel_id,
        createdAt: createdAt ?? snowflakeTime(interaction.id),
        ephemeral: false,
      });
    },
    interaction: (id) => interactions.get(id),
    inject: (failure) => void failures.push({ ...failure }),
    waitFor(predicate, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate(requests)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting; requests: ${requests.map((request) => `${request.method} ${request.path}`).join(', ')}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// Standalone, for trying the CLI by hand: `npx node tests/fakes/discord-api.ts`, then
// DISCORD_API_BASE=<printed url> npm run cli -- discord register
if (import.meta.main) {
  const fake = await startFakeDiscordApi();
  console.log(`Fake Discord API at ${fake.url} (Ctrl+C to stop)`);
  process.once('SIGINT', () => void fake.close().then(() => process.exit(0)));
}
