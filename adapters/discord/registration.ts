import { ApplicationCommandOptionType, PermissionFlagsBits, Routes, type REST } from 'discord.js';
import { requiredRole } from '../../commands/dispatch.ts';
import type { AnyCommand, OptionDefinition } from '../../commands/types.ts';
import { discordLimits, truncate } from './limits.ts';

/**
 * Who sees moderator commands by default: members with Manage Messages. Discord requires
 * every bit of `default_member_permissions`, so one permission is the lower bar; members
 * with Manage Server but not Manage Messages are still let through by the runtime check
 * when a server admin shows them the command (Server Settings → Integrations).
 */
export const moderatorPermissions = PermissionFlagsBits.ManageMessages.toString();

export interface CommandOptionJson {
  type: number;
  name: string;
  description: string;
  required?: boolean;
  autocomplete?: boolean;
  choices?: Array<{ name: string; value: string }>;
  min_value?: number;
  max_value?: number;
}

/** The JSON body of one chat-input command, as the bulk overwrite takes it. */
export interface CommandJson {
  type: 1;
  name: string;
  description: string;
  options: CommandOptionJson[];
  default_member_permissions: string | null;
}

const optionTypes = {
  string: ApplicationCommandOptionType.String,
  integer: ApplicationCommandOptionType.Integer,
  boolean: ApplicationCommandOptionType.Boolean,
} as const;

function optionJson(option: OptionDefinition): CommandOptionJson {
  const type = option.type;
  const json: CommandOptionJson = { type: optionTypes[type.kind], name: option.name, description: truncate(option.description, discordLimits.commandDescription) };
  if (option.required) json.required = true;
  if (type.choices?.length) json.choices = type.choices.slice(0, discordLimits.choices).map((value) => ({ name: truncate(value, discordLimits.choiceName), value }));
  else if (option.autocomplete) json.autocomplete = true;
  if (type.kind === 'integer') {
    if (type.min !== undefined) json.min_value = type.min;
    if (type.max !== undefined) json.max_value = type.max;
  }
  return json;
}

/**
 * Slash-command definitions for every command: typed options (hidden, button-only options
 * left out), required ones first as Discord demands, choices or autocomplete, descriptions
 * cut to Discord's limits, and moderator commands hidden from members by default.
 */
export function buildCommandJson(commands: readonly AnyCommand[]): CommandJson[] {
  return commands.map((command) => {
    const visible = command.options.filter((option) => !option.hidden);
    const ordered = [...visible.filter((option) => option.required), ...visible.filter((option) => !option.required)];
    const guildRole = requiredRole(command, { platform: 'discord', chatId: '0', kind: 'group' });
    return {
      type: 1,
      name: command.name,
      description: truncate(command.description, discordLimits.commandDescription),
      options: ordered.slice(0, discordLimits.options).map(optionJson),
      default_member_permissions: guildRole === 'member' ? null : moderatorPermissions,
    };
  });
}

/** Problems that would make Discord refuse the set (empty when it is valid). */
export function registrationProblems(commands: readonly CommandJson[]): string[] {
  const problems: string[] = [];
  const name = /^[-_\p{Ll}\p{N}]{1,32}$/u;
  if (commands.length > discordLimits.globalCommands) problems.push(`${commands.length} commands; Discord allows ${discordLimits.globalCommands}`);
  const seen = new Set<string>();
  for (const command of commands) {
    if (!name.test(command.name)) problems.push(`/${command.name}: name must be 1–32 lowercase letters, digits, - or _`);
    if (seen.has(command.name)) problems.push(`/${command.name} is defined twice`);
    seen.add(command.name);
    if (command.description.length < 1 || command.description.length > discordLimits.commandDescription) problems.push(`/${command.name}: description must be 1–100 characters`);
    if (command.options.length > discordLimits.options) problems.push(`/${command.name}: more than ${discordLimits.options} options`);
    const optionNames = new Set<string>();
    let optionalSeen = false;
    for (const option of command.options) {
      if (!name.test(option.name)) problems.push(`/${command.name} ${option.name}: invalid option name`);
      if (optionNames.has(option.name)) problems.push(`/${command.name} ${option.name}: repeated option`);
      optionNames.add(option.name);
      if (option.description.length < 1 || option.description.length > discordLimits.commandDescription) problems.push(`/${command.name} ${option.name}: description must be 1–100 characters`);
      if (option.required && optionalSeen) problems.push(`/${command.name} ${option.name}: required options must come first`);
      if (!option.required) optionalSeen = true;
      if ((option.choices?.length ?? 0) > discordLimits.choices) problems.push(`/${command.name} ${option.name}: more than ${discordLimits.choices} choices`);
      if (option.choices && option.autocomplete) problems.push(`/${command.name} ${option.name}: choices and autocomplete are exclusive`);
    }
  }
  return problems;
}

/** The fields that matter when comparing a definition with what Discord has stored. */
function comparable(command: any): string {
  return JSON.stringify({
    description: command.description,
    default_member_permissions: command.default_member_permissions ?? null,
    options: (command.options ?? []).map((option: any) => ({
      type: option.type,
      name: option.name,
      description: option.description,
      required: Boolean(option.required),
      autocomplete: Boolean(option.autocomplete),
      choices: (option.choices ?? []).map((choice: any) => ({ name: choice.name, value: choice.value })),
      min_value: option.min_value ?? null,
      max_value: option.max_value ?? null,
    })),
  });
}

export interface RegistrationChanges {
  added: string[];
  updated: string[];
  removed: string[];
  unchanged: string[];
}

/** What a bulk overwrite changes, compared with the commands Discord returned before. */
export function diffCommands(before: readonly any[], after: readonly CommandJson[]): RegistrationChanges {
  const old = new Map(before.filter((command) => (command.type ?? 1) === 1).map((command) => [command.name as string, command]));
  const changes: RegistrationChanges = { added: [], updated: [], removed: [], unchanged: [] };
  for (const command of after) {
    const previous = old.get(command.name);
    if (previous === undefined) changes.added.push(command.name);
    else if (comparable(previous) !== comparable(command)) changes.updated.push(command.name);
    else changes.unchanged.push(command.name);
    old.delete(command.name);
  }
  changes.removed.push(...old.keys());
  return changes;
}

export interface RegisterOptions {
  rest: REST;
  applicationId: string;
  /** One server (instant, for development); global when absent (may take a while to show). */
  guildId?: string | undefined;
  commands: readonly AnyCommand[];
}

/**
 * Registers the whole command set with one bulk overwrite (PUT), so removed commands
 * disappear, and reports what changed against what Discord had before.
 */
export async function registerCommands(options: RegisterOptions): Promise<RegistrationChanges & { scope: string }> {
  const body = buildCommandJson(options.commands);
  const problems = registrationProblems(body);
  if (problems.length > 0) throw new Error(`command definitions break Discord's limits: ${problems.join('; ')}`);
  const route = options.guildId ? Routes.applicationGuildCommands(options.applicationId, options.guildId) : Routes.applicationCommands(options.applicationId);
  const before = (await options.rest.get(route)) as any[];
  await options.rest.put(route, { body });
  return { ...diffCommands(before, body), scope: options.guildId ? `server ${options.guildId}` : 'global' };
}
