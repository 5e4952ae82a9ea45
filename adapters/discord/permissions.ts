import { PermissionFlagsBits, Routes, type BaseInteraction, type REST } from 'discord.js';
import type { Role } from '../../commands/types.ts';
import type { Logger } from '../../src/log.ts';

export interface RoleResolverOptions {
  /** Discord user ids of the bot's operators (DISCORD_OPERATOR_IDS). */
  operatorIds: readonly string[];
  /** Role names or ids whose members are moderators (DISCORD_MODERATOR_ROLES). */
  moderatorRoles: readonly string[];
  rest: REST;
  logger: Logger;
  /** How long a server's role names are reused before asking Discord again. */
  cacheMs?: number | undefined;
  /** Give up on looking role names up after this long (the interaction deadline is near). */
  lookupTimeoutMs?: number | undefined;
}

export interface RoleResolver {
  /** The caller's role; role names are looked up only when `needed` is above member. */
  resolve(interaction: BaseInteraction, needed: Role): Promise<Role>;
}

function memberRoleIds(interaction: BaseInteraction): string[] {
  const member = interaction.member as { roles?: unknown; _roles?: unknown } | null;
  if (Array.isArray(member?.roles)) return member.roles.map(String);
  // A cached GuildMember lists only roles in the guild cache; its raw ids are all of them.
  if (Array.isArray(member?._roles)) return member._roles.map(String);
  const cache = (member?.roles as { cache?: Map<string, unknown> } | undefined)?.cache;
  return cache ? [...cache.keys()] : [];
}

/**
 * Operators by user id; moderators are members with Manage Server or Manage Messages in
 * the interaction's own permissions (Administrator implies both), or a configured role.
 */
export function createRoleResolver(options: RoleResolverOptions): RoleResolver {
  const operators = new Set(options.operatorIds);
  const wanted = options.moderatorRoles.map((role) => role.toLowerCase());
  const names = new Map<string, { at: number; byId: Map<string, string> }>();
  const cacheMs = options.cacheMs ?? 5 * 60_000;

  async function roleNames(guildId: string): Promise<Map<string, string>> {
    const cached = names.get(guildId);
    if (cached && Date.now() - cached.at < cacheMs) return cached.byId;
    const roles = (await options.rest.get(Routes.guildRoles(guildId), { signal: AbortSignal.timeout(options.lookupTimeoutMs ?? 1000) })) as Array<{ id: string; name: string }>;
    const byId = new Map(roles.map((role) => [role.id, role.name.toLowerCase()]));
    names.set(guildId, { at: Date.now(), byId });
    return byId;
  }

  return {
    async resolve(interaction, needed) {
      if (operators.has(interaction.user.id)) return 'operator';
      if (!interaction.inGuild()) return 'member';
      const permissions = interaction.memberPermissions;
      if (permissions?.any([PermissionFlagsBits.ManageGuild, PermissionFlagsBits.ManageMessages])) return 'moderator';
      if (wanted.length === 0 || needed === 'member') return 'member';
      const ids = memberRoleIds(interaction);
      if (ids.some((id) => wanted.includes(id))) return 'moderator';
      try {
        // The gateway keeps role names in the guild cache; ask REST only for roles it lacks.
        const cached = interaction.guild?.roles.cache;
        const byId = cached && ids.every((id) => cached.has(id)) ? new Map(ids.map((id) => [id, cached.get(id)!.name.toLowerCase()])) : await roleNames(interaction.guildId);
        return ids.some((id) => wanted.includes(byId.get(id) ?? '')) ? 'moderator' : 'member';
      } catch (error) {
        options.logger.warn({ platform: 'discord', guildId: interaction.guildId, err: error }, 'could not look up role names; treating the caller as a member');
        return 'member';
      }
    },
  };
}
