import { DiscordAPIError, HTTPError, RateLimitError, REST } from 'discord.js';
import type { Config } from '../../src/config/index.ts';
import { ChatUnreachableError, RateLimitedError, RejectedMessageError, TransientDeliveryError } from '../../src/delivery/notifier.ts';
import { UserError } from '../../src/errors.ts';

/** Discord's REST base when DISCORD_API_BASE is unset. */
export const defaultApiBase = 'https://discord.com/api';

/**
 * A REST client for delivery and the CLI: no gateway, no retries of its own (the outbox
 * retries with backoff), and a 429 is thrown rather than waited out, so one rate-limited
 * channel never holds a delivery worker.
 */
export function createDiscordRest(config: Pick<Config, 'DISCORD_TOKEN' | 'DISCORD_API_BASE'>, options: { timeoutMs?: number } = {}): REST {
  if (!config.DISCORD_TOKEN) throw new UserError('config', 'DISCORD_TOKEN is not set. Put the bot token from the Discord developer portal (Bot → Reset Token) in .env.');
  return new REST({ api: config.DISCORD_API_BASE ?? defaultApiBase, version: '10', retries: 0, timeout: options.timeoutMs ?? 15_000, rejectOnRateLimit: () => true }).setToken(config.DISCORD_TOKEN);
}

/** Errors that mean the bot can no longer post in that channel: pause the subscription, tell a moderator. */
const unreachableCodes: Readonly<Record<number, string>> = {
  10003: 'the channel no longer exists (10003 Unknown Channel)',
  10004: 'the bot is no longer in that server (10004 Unknown Guild)',
  50001: 'the bot has no access to the channel (50001 Missing Access)',
  50007: 'the user does not accept direct messages from the bot (50007)',
  50013: 'the bot lacks permission to post there: it needs View Channel, Send Messages, Embed Links (and Send Messages in Threads / Create Posts for threads and forums) (50013 Missing Permissions)',
};

/** Translates a discord.js REST failure into the delivery port's error classes. */
export function toDeliveryError(error: unknown): Error {
  if (error instanceof RateLimitError) {
    return new RateLimitedError(Math.max(error.retryAfter, error.timeToReset, 1), { global: error.global, cause: error });
  }
  if (error instanceof DiscordAPIError) {
    const code = typeof error.code === 'number' ? error.code : Number(error.code);
    const reason = unreachableCodes[code];
    if (reason !== undefined) return new ChatUnreachableError(reason, { cause: error });
    if (error.status === 429) {
      const retryAfter = Number((error.rawError as { retry_after?: number }).retry_after ?? 1);
      return new RateLimitedError(Math.ceil(retryAfter * 1000), { cause: error });
    }
    if (error.status >= 500) return new TransientDeliveryError(`Discord ${error.status}: ${error.message}`, { cause: error });
    return new RejectedMessageError(`Discord refused the message (${error.status}, code ${code}): ${error.message}`, { cause: error });
  }
  if (error instanceof HTTPError) {
    if (error.status >= 500 || error.status === 408) return new TransientDeliveryError(`Discord ${error.status}`, { cause: error });
    return new RejectedMessageError(`Discord refused the message (${error.status})`, { cause: error });
  }
  // Network failures, timeouts (AbortError), DNS: worth another try later.
  return new TransientDeliveryError(`Discord unreachable: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}
