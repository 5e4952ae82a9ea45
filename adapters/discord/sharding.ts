import { Routes, ShardingManager, type REST } from 'discord.js';
import type { Config } from '../../src/config/index.ts';
import type { Logger } from '../../src/log.ts';

/**
 * Whether this process is a shard spawned by `startDiscordShards` (discord.js sets
 * SHARDING_MANAGER, SHARDS and SHARD_COUNT in its environment). A shard process runs only
 * the Discord client; the parent runs the scheduler, delivery and other surfaces.
 */
export function isDiscordShardProcess(env: Readonly<Record<string, string | undefined>>): boolean {
  return env.SHARDING_MANAGER === 'true' && env.SHARD_COUNT !== undefined;
}

/** The shard ids and count of a shard process, for `startDiscord({ shard })`. */
export function discordShardFromEnv(env: Readonly<Record<string, string | undefined>>): { ids: number[]; count: number } | undefined {
  if (!isDiscordShardProcess(env)) return undefined;
  const parsed: unknown = JSON.parse(env.SHARDS ?? '0');
  return { ids: Array.isArray(parsed) ? parsed.map(Number) : [Number(parsed)], count: Number(env.SHARD_COUNT) };
}

/** `SHARDS=auto` asks Discord how many shards it recommends (GET /gateway/bot), through DISCORD_API_BASE. */
export async function resolveShardCount(shards: string, rest: REST): Promise<number> {
  if (shards !== 'auto') {
    const count = Number(shards);
    if (!Number.isInteger(count) || count < 1) throw new Error(`SHARDS must be auto or a whole number of at least 1, not ${shards}`);
    return count;
  }
  const gateway = (await rest.get(Routes.gatewayBot())) as { shards: number };
  return Math.max(1, gateway.shards);
}

export interface DiscordShardsOptions {
  config: Pick<Config, 'DISCORD_TOKEN' | 'SHARDS'>;
  rest: REST;
  logger: Logger;
  /** The entry script each shard runs (the composition root, e.g. adapters/main.ts). */
  file: string;
  /** Node flags for the shard processes (default: this process's own). */
  execArgv?: string[] | undefined;
}

/** A ShardingManager for the resolved shard count, not yet spawned. */
export async function createShardManager(options: DiscordShardsOptions): Promise<ShardingManager> {
  const totalShards = await resolveShardCount(options.config.SHARDS ?? 'auto', options.rest);
  return new ShardingManager(options.file, { totalShards, token: options.config.DISCORD_TOKEN, mode: 'process', respawn: true, execArgv: options.execArgv ?? process.execArgv });
}

/**
 * Spawns one process per shard (discord.js ShardingManager), each running `file` with the
 * shard's ids in its environment; see `isDiscordShardProcess`.
 */
export async function startDiscordShards(options: DiscordShardsOptions): Promise<{ manager: ShardingManager; stop(): Promise<void> }> {
  const manager = await createShardManager(options);
  manager.on('shardCreate', (shard) => options.logger.info({ platform: 'discord', shard: shard.id, of: manager.totalShards }, 'discord shard started'));
  await manager.spawn({ timeout: 60_000 });
  return {
    manager,
    stop: async () => {
      for (const shard of manager.shards.values()) shard.kill();
    },
  };
}
