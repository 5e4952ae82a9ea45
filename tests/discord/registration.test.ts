import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { runCliCaptured } from '../helpers/cli.ts';
import { buildCommandJson, diffCommands, moderatorPermissions, registrationProblems } from '../../adapters/discord/registration.ts';
import { startFakeDiscordApi, validateCommand, type FakeDiscordApi } from '../fakes/discord-api.ts';

describe('Discord command registration', () => {
  const body = buildCommandJson(commands);

  it('builds a definition for every command, valid against Discord limits', () => {
    expect(body.map((command) => command.name)).toEqual(commands.map((command) => command.name));
    expect(registrationProblems(body)).toEqual([]);
    for (const command of body) {
      expect(() => validateCommand(command)).not.toThrow();
      expect(command.name).toMatch(/^[a-z0-9_-]{1,32}$/);
      expect(command.description.length).toBeLessThanOrEqual(100);
      expect(command.options.length).toBeLessThanOrEqual(25);
      for (const option of command.options) {
        expect(option.description.length).toBeGreaterThan(0);
        expect(option.description.length).toBeLessThanOrEqual(100);
        expect(option.choices?.length ?? 0).toBeLessThanOrEqual(25);
      }
    }
    expect(JSON.stringify(body).length).toBeLessThan(8000 * body.length);
  });

  it('maps option types, choices, ranges and autocomplete, and leaves button-only options out', () => {
    const brief = body.find((command) => command.name === 'brief')!;
    expect(brief.options.map((option) => option.name)).toEqual(['topic', 'since', 'limit']);
    expect(brief.options.find((option) => option.name === 'topic')).toMatchObject({ type: 3, autocomplete: true });
    expect(brief.options.find((option) => option.name === 'limit')).toMatchObject({ type: 4, min_value: 1, max_value: 10 });
    const search = body.find((command) => command.name === 'search')!;
    expect(search.options.find((option) => option.name === 'source')).toMatchObject({ autocomplete: true });
    const sources = body.find((command) => command.name === 'sources')!;
    expect(sources.options.find((option) => option.name === 'action')?.choices?.map((choice) => choice.value)).toEqual(['add', 'remove', 'list', 'pause', 'resume']);
    const ask = body.find((command) => command.name === 'ask')!;
    expect(ask.options[0]).toMatchObject({ name: 'question', required: true });
  });

  it('hides moderator commands by default and leaves member commands open', () => {
    const permissionsOf = (name: string) => body.find((command) => command.name === name)?.default_member_permissions;
    expect(permissionsOf('breaking')).toBe(moderatorPermissions);
    expect(permissionsOf('sources')).toBe(moderatorPermissions);
    // Moderators in servers, anyone in a DM: hidden in servers by default (DMs ignore the bitset).
    expect(permissionsOf('subscribe')).toBe(moderatorPermissions);
    expect(permissionsOf('brief')).toBeNull();
    expect(permissionsOf('ask')).toBeNull();
    expect(moderatorPermissions).toBe('8192');
  });

  it('reports what a bulk overwrite adds, updates and removes', () => {
    const before = [
      { ...body[0]!, id: '1', version: '1', description: 'an older description' },
      { ...body[1]!, id: '2', version: '1', options: body[1]!.options.map((option) => ({ ...option })) },
      { type: 1, name: 'oldcommand', description: 'gone', options: [], id: '3' },
    ];
    const changes = diffCommands(before, body);
    expect(changes.updated).toEqual([body[0]!.name]);
    expect(changes.unchanged).toEqual([body[1]!.name]);
    expect(changes.removed).toEqual(['oldcommand']);
    expect(changes.added).toEqual(body.slice(2).map((command) => command.name));
  });
});

describe('npm run cli -- discord register', () => {
  let fake: FakeDiscordApi | undefined;
  let dataDir: string | undefined;
  afterEach(async () => {
    await fake?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const cli = (argv: string[], env: Record<string, string>) => runCliCaptured(argv, { DATA_DIR: dataDir!, SAMPLE_ARTICLES: 'never', ...env });

  it('registers per guild, then globally, printing what changed against what Discord had', async () => {
    fake = await startFakeDiscordApi();
    dataDir = mkdtempSync(join(tmpdir(), 'newsbrief-discord-'));
    const env = { DISCORD_TOKEN: 'test-bot-token-not-a-real-one', DISCORD_APPLICATION_ID: '700000000000000001', DISCORD_API_BASE: fake.url };
    fake.commands.guilds.set('700000000000000002', [{ id: '5', type: 1, name: 'oldcommand', description: 'gone', options: [] }]);

    const first = await cli(['discord', 'register', '--guild', '700000000000000002'], env);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toContain(`Registered ${commands.length} commands (server 700000000000000002)`);
    expect(first.out).toContain('Added: /brief, /ask');
    expect(first.out).toContain('Removed: /oldcommand');
    const put = fake.requests.find((request) => request.method === 'PUT')!;
    expect(put.path).toBe('/applications/700000000000000001/guilds/700000000000000002/commands');
    expect(put.authorization).toBe('Bot test-bot-token-not-a-real-one');
    expect(fake.rejections).toEqual([]);
    expect(fake.commands.guilds.get('700000000000000002')!.map((command) => command.name)).toEqual(commands.map((command) => command.name));

    const again = await cli(['discord', 'register', '--guild', '700000000000000002'], env);
    expect(again.out).toContain('Added: none');
    expect(again.out).toContain('Updated: none');
    expect(again.out).toContain(`Unchanged: ${commands.length}`);

    const global = await cli(['discord', 'register'], env);
    expect(global.code).toBe(0);
    expect(global.out).toContain('(global)');
    expect(fake.commands.global).toHaveLength(commands.length);
  });

  it('explains a refused token', async () => {
    fake = await startFakeDiscordApi();
    dataDir = mkdtempSync(join(tmpdir(), 'newsbrief-discord-'));
    fake.inject({ path: /commands$/, status: 401, code: 0, message: '401: Unauthorized' });
    const result = await cli(['discord', 'register'], { DISCORD_TOKEN: 'test-bot-token-not-a-real-one', DISCORD_APPLICATION_ID: '700000000000000001', DISCORD_API_BASE: fake.url });
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/Discord refused the registration.*Check DISCORD_TOKEN/);
    expect(result.err).not.toContain('test-bot-token-not-a-real-one');
  });
});
