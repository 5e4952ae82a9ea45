import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeDiscordApi, type FakeDiscordApi, type StoredMessage } from '../fakes/discord-api.ts';
import { startFakeDiscordGateway, type FakeDiscordGateway } from '../fakes/discord-gateway.ts';
import { applicationId, guildCreate, slashCommand } from '../discord/payloads.ts';
import { entry, makeSandbox, runProcess, startProcess, type Sandbox } from './process.ts';

// Long enough for the config schema (20+ characters), distinctive enough to spot if it leaks.
const token = 'MTcwMDAw.e2e-discord-token.NotARealOne0123';

/** Everything a message shows: content and embeds, as Discord would render it. */
const shown = (message: StoredMessage) => JSON.stringify({ content: message.body.content, embeds: message.body.embeds });

describe('npm start with a Discord token, against a fake REST API and gateway on loopback', () => {
  let sandbox: Sandbox;
  let gateway: FakeDiscordGateway;
  let api: FakeDiscordApi;
  beforeEach(async () => {
    sandbox = await makeSandbox();
    // A short heartbeat interval, so the client's heartbeats and the fake's ACKs happen within the test.
    gateway = await startFakeDiscordGateway({ token, applicationId, guilds: [guildCreate()], heartbeatIntervalMs: 250 });
    api = await startFakeDiscordApi({ gatewayUrl: gateway.url });
  });
  afterEach(async () => {
    await api.close();
    await gateway.close();
    await sandbox.remove();
  });

  const env = (discordToken: string) => sandbox.env({ DISCORD_TOKEN: discordToken, DISCORD_APPLICATION_ID: applicationId, DISCORD_API_BASE: api.url, LOG_LEVEL: 'info', SAMPLE_ARTICLES: 'always' });

  /** Sends a slash command over the gateway and resolves with the messages that answered it, once one cites an article. */
  async function run(raw: ReturnType<typeof slashCommand>): Promise<StoredMessage[]> {
    api.expectInteraction(raw);
    gateway.dispatch('INTERACTION_CREATE', raw);
    const answers = () => api.messages.filter((message) => message.interactionId === raw.id);
    await api.waitFor(() => answers().some((message) => /\]\(https:\/\/[\w-]+\.example\//.test(shown(message))), 10_000).catch((error: unknown) => {
      throw new Error(`/${raw.data.name} was not answered with a cited article: ${String(error)}\nrejections: ${JSON.stringify(api.rejections)}\nmessages: ${answers().map(shown).join('\n')}`);
    });
    return answers();
  }

  it('logs in through the gateway, answers /brief and /ask over REST with cited sample articles, and stops cleanly on SIGTERM', async () => {
    const bot = startProcess(entry.start, [], { env: env(token), cwd: sandbox.dir });
    try {
      await bot.waitForOutput(/discord bot ready/, 15_000);
      await bot.waitForOutput(/newsbrief is running/, 15_000);
      expect(gateway.identifies).toEqual([expect.objectContaining({ token, accepted: true, shard: [0, 1] })]);
      // Only the Guilds intent: slash commands need no privileged intents.
      expect(gateway.identifies[0]!.intents).toBe(1);
      expect(gateway.connections[0]!.query.get('v')).toBe('10');

      const brief = await run(slashCommand('brief'));
      const briefText = brief.map(shown).join('\n');
      expect(briefText).toMatch(/Kyiv/);
      expect(briefText).toMatch(/Storm Ilse/);

      const ask = await run(slashCommand('ask', { question: 'who met in Kyiv?' }));
      const askText = ask.map(shown).join('\n');
      expect(askText).toMatch(/Kovalenko|Reyes/);
      expect(askText).toMatch(/northernledger\.example|harbortimes\.example|civicwire\.example/);

      for (const message of [...brief, ...ask]) {
        expect(message.body.allowed_mentions).toEqual({ parse: [] });
        expect(message.pings).toEqual([]);
      }
      // Both were acknowledged within Discord's 3-second window, and nothing the bot sent broke Discord's limits.
      expect(api.rejections).toEqual([]);
      // The session stays up on heartbeats: several acknowledged, no reconnect.
      await gateway.waitFor(() => gateway.connections[0]!.heartbeats >= 2, 5_000);
      expect(gateway.connections).toHaveLength(1);
      // Every REST call the bot made carried its token.
      const authorized = api.requests.filter((request) => !request.path.startsWith('/interactions/') && !request.path.startsWith('/webhooks/'));
      for (const request of authorized) expect(request.authorization).toBe(`Bot ${token}`);
    } finally {
      const ended = await bot.stop('SIGTERM');
      expect(ended.code, ended.stderr).toBe(0);
    }
    // discord.js closes the session itself (1000) rather than the connection just dropping.
    await gateway.waitFor(() => gateway.connections.every((connection) => connection.closed !== undefined), 5_000);
    expect(gateway.connections.map((connection) => connection.closed?.code)).toEqual([1000]);
    expect(bot.stdout() + bot.stderr()).not.toContain(token);
  }, 30_000);

  // Discord refuses a bad token in one of two places: GET /gateway/bot (401) or, past that, the gateway (close 4004).
  it.each([
    { where: 'the gateway closes with 4004', refuse: () => {} },
    { where: 'GET /gateway/bot answers 401', refuse: () => api.inject({ method: 'GET', path: /^\/gateway\/bot$/, status: 401, message: '401: Unauthorized' }) },
  ])('a refused token ($where) stops start-up with a message naming DISCORD_TOKEN, never the token', async ({ where, refuse }) => {
    refuse();
    const wrong = 'MTcwMDAw.e2e-discord-token.WrongOne98765';
    const result = await runProcess(entry.start, [], { env: env(wrong), cwd: sandbox.dir, timeoutMs: 20_000 });
    expect(gateway.identifies.map((identify) => identify.accepted)).toEqual(where.includes('4004') ? [false] : []);
    expect(result.signal).toBeNull();
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^newsbrief stopped: Discord refused DISCORD_TOKEN/m);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stdout + result.stderr).not.toContain(wrong);
    // Nothing was left listening: the process ended by itself rather than by runProcess's timeout.
    expect(gateway.sessions).toBe(0);
  }, 30_000);
});
