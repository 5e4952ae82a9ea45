export { startDiscord, type DiscordBot, type StartDiscordOptions } from './start.ts';
export { createDiscordNotifier, type DiscordPartPayload } from './notifier.ts';
export { createDiscordRest, toDeliveryError } from './rest.ts';
export { buildCommandJson, diffCommands, registerCommands, registrationProblems, moderatorPermissions } from './registration.ts';
export { isDiscordShardProcess, discordShardFromEnv, startDiscordShards, createShardManager, resolveShardCount } from './sharding.ts';
export { renderReply } from './render.ts';
export { createSuggestions, type Suggestions } from './suggestions.ts';
export { createDiscordDirectMessenger, type DirectMessenger } from './direct-message.ts';
