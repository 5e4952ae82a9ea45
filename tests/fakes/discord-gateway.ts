import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * A fake Discord gateway (v10, JSON, no compression) on 127.0.0.1, for tests that run the
 * real program and let discord.js log in. It says HELLO, acknowledges heartbeats, checks the
 * token in IDENTIFY (a wrong one is closed with 4004 "Authentication failed", as Discord
 * does), answers with READY and then GUILD_CREATE for each configured server, and lets the
 * test push dispatch events (INTERACTION_CREATE) with increasing sequence numbers. RESUME of
 * a known session gets RESUMED; anything else gets INVALID_SESSION, so the client identifies again.
 *
 * Point discord.js at it through the fake REST API: `startFakeDiscordApi({ gatewayUrl: gateway.url })`
 * (discord.js asks GET /gateway/bot where to connect).
 *
 * Compression: discord.js asks for `compress=zlib-stream` only when the optional `zlib-sync`
 * package is installed. It is not, so the client connects with `?v=10&encoding=json` and sends
 * no `compress` in IDENTIFY. The fake refuses a connection asking for compression (close 4000)
 * instead of sending frames the client could not read, so that change shows up as a clear failure.
 */

/** Gateway opcodes the fake speaks (https://discord.com/developers/docs/topics/opcodes-and-status-codes). */
const op = { dispatch: 0, heartbeat: 1, identify: 2, resume: 6, reconnect: 7, invalidSession: 9, hello: 10, heartbeatAck: 11 } as const;

export interface FakeGatewayGuild {
  id: string;
  /** Everything else GUILD_CREATE carries (name, channels, threads, roles…). */
  [key: string]: unknown;
}

export interface FakeDiscordGatewayOptions {
  /** The bot token IDENTIFY must carry (without the `Bot ` prefix, as discord.js sends it). */
  token: string;
  applicationId: string;
  /** Servers announced as unavailable in READY, then each sent whole in GUILD_CREATE. */
  guilds?: FakeGatewayGuild[] | undefined;
  /** Sent in HELLO (Discord: about 41 s). */
  heartbeatIntervalMs?: number | undefined;
}

export interface RecordedIdentify {
  token: string;
  intents: number;
  shard: [number, number] | undefined;
  /** Whether the token matched; a wrong one was closed with 4004. */
  accepted: boolean;
  at: number;
}

export interface RecordedConnection {
  /** The query string the client connected with (v, encoding, compress). */
  query: URLSearchParams;
  openedAt: number;
  /** Set when the connection ended: the close code (from whichever side closed first) and reason. */
  closed?: { code: number; reason: string; at: number } | undefined;
  heartbeats: number;
}

export interface FakeDiscordGateway {
  /** e.g. ws://127.0.0.1:PORT — what GET /gateway/bot should answer. */
  readonly url: string;
  readonly identifies: RecordedIdentify[];
  readonly connections: RecordedConnection[];
  /** Sessions that got READY and are still open. */
  readonly sessions: number;
  /** Sends a dispatch event to every session that got READY. Throws when there is none (the test would wait for nothing). */
  dispatch(t: string, d: unknown): void;
  /** Resolves when `predicate` holds for the fake's records, or rejects after `timeoutMs`. */
  waitFor(predicate: (gateway: FakeDiscordGateway) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

interface Session {
  socket: WebSocket;
  record: RecordedConnection;
  sessionId?: string | undefined;
  sequence: number;
}

let sessionCount = 0;

/** Starts the fake on a free loopback port. */
export async function startFakeDiscordGateway(options: FakeDiscordGatewayOptions): Promise<FakeDiscordGateway> {
  const guilds = options.guilds ?? [];
  const identifies: RecordedIdentify[] = [];
  const connections: RecordedConnection[] = [];
  const sessions = new Set<Session>();
  const knownSessions = new Set<string>();
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const waiter of waiters) waiter();
  };

  const http: Server = createServer((_request, response) => response.writeHead(426).end('WebSocket only'));
  const wss = new WebSocketServer({ server: http });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}`;

  const send = (session: Session, payload: { op: number; d: unknown; t?: string | undefined }) => {
    if (session.socket.readyState !== session.socket.OPEN) return;
    const s = payload.op === op.dispatch ? ++session.sequence : null;
    session.socket.send(JSON.stringify({ op: payload.op, d: payload.d, s, t: payload.t ?? null }));
  };

  const ready = (session: Session, shard: [number, number] | undefined) => {
    session.sessionId = `fake-session-${++sessionCount}`;
    knownSessions.add(session.sessionId);
    send(session, {
      op: op.dispatch,
      t: 'READY',
      d: {
        v: 10,
        user: { id: options.applicationId, username: 'newsbrief', discriminator: '0', global_name: null, avatar: null, bot: true, flags: 0 },
        guilds: guilds.map((guild) => ({ id: guild.id, unavailable: true })),
        session_id: session.sessionId,
        resume_gateway_url: url,
        shard: shard ?? [0, 1],
        application: { id: options.applicationId, flags: 0 },
        private_channels: [],
        relationships: [],
        presences: [],
        guild_join_requests: [],
        geo_ordered_rtc_regions: [],
        _trace: ['fake-gateway'],
      },
    });
    // Discord streams the servers in after READY; discord.js waits for them before ClientReady.
    for (const guild of guilds) send(session, { op: op.dispatch, t: 'GUILD_CREATE', d: { unavailable: false, member_count: 1, joined_at: '2026-01-01T00:00:00.000Z', large: false, presences: [], voice_states: [], stage_instances: [], guild_scheduled_events: [], soundboard_sounds: [], ...guild } });
  };

  wss.on('connection', (socket, request) => {
    const query = new URL(request.url ?? '/', url.replace(/^ws/, 'http')).searchParams;
    const record: RecordedConnection = { query, openedAt: Date.now(), heartbeats: 0 };
    connections.push(record);
    const session: Session = { socket, record, sequence: 0 };
    socket.on('close', (code, reason) => {
      record.closed ??= { code, reason: reason.toString('utf8'), at: Date.now() };
      sessions.delete(session);
      notify();
    });
    if (query.get('v') !== '10' || query.get('encoding') !== 'json') return void socket.close(4012, 'Invalid API version');
    if (query.has('compress')) return void socket.close(4000, 'fake gateway: compression is not supported');

    socket.on('message', (data) => {
      let payload: { op: number; d: any };
      try {
        payload = JSON.parse(data.toString()) as { op: number; d: any };
      } catch {
        return void socket.close(4002, 'Error while decoding payload.');
      }
      if (payload.op === op.heartbeat) {
        record.heartbeats += 1;
        send(session, { op: op.heartbeatAck, d: null });
      } else if (payload.op === op.identify) {
        const accepted = payload.d?.token === options.token;
        identifies.push({ token: String(payload.d?.token ?? ''), intents: Number(payload.d?.intents ?? 0), shard: payload.d?.shard, accepted, at: Date.now() });
        if (!accepted) {
          socket.close(4004, 'Authentication failed.');
        } else {
          sessions.add(session);
          ready(session, payload.d?.shard);
        }
      } else if (payload.op === op.resume) {
        if (payload.d?.token === options.token && knownSessions.has(payload.d?.session_id)) {
          session.sessionId = payload.d.session_id;
          session.sequence = Number(payload.d.seq ?? 0);
          sessions.add(session);
          send(session, { op: op.dispatch, t: 'RESUMED', d: { _trace: ['fake-gateway'] } });
        } else send(session, { op: op.invalidSession, d: false });
      }
      // Presence updates (3), guild member requests (8) and the like are accepted and ignored.
      notify();
    });
    send(session, { op: op.hello, d: { heartbeat_interval: options.heartbeatIntervalMs ?? 41_250, _trace: ['fake-gateway'] } });
    notify();
  });

  const gateway: FakeDiscordGateway = {
    url,
    identifies,
    connections,
    get sessions() {
      return sessions.size;
    },
    dispatch(t, d) {
      if (sessions.size === 0) throw new Error(`fake gateway: no session to send ${t} to (has the bot logged in?)`);
      for (const session of sessions) send(session, { op: op.dispatch, t, d });
    },
    waitFor(predicate, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate(gateway)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`fake gateway: timed out waiting; ${connections.length} connection(s), ${identifies.length} identify(s), closes: ${connections.map((connection) => connection.closed?.code ?? 'open').join(', ')}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () =>
      new Promise((resolve) => {
        // Dropped without a close frame: the test is over, and a clean close would only invite a reconnect.
        for (const client of wss.clients) client.terminate();
        wss.close(() => http.close(() => resolve()));
      }),
  };
  return gateway;
}
