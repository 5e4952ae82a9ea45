import type { Command } from 'commander';
import { commands } from '../../commands/index.ts';
import { buildCommandJson, registerCommands, registrationProblems } from '../discord/registration.ts';
import { createDiscordRest } from '../discord/rest.ts';
import { UserError } from '../../src/errors.ts';
import { line, type CliContext } from './context.ts';

/** `discord register [--guild ID] [--dry-run]`: publish the slash commands. */
export function registerDiscord(program: Command, context: CliContext): void {
  const discord = program.command('discord').description('Discord bot setup');

  discord
    .command('register')
    .description('register the slash commands with Discord (bulk overwrite), globally or for one server, and print what changed')
    .option('--guild <id>', 'register for this server only (shows instantly; default: DISCORD_GUILD_ID, else global)')
    .option('--global', 'register globally even when DISCORD_GUILD_ID is set')
    .option('--dry-run', 'print the command definitions as JSON instead of sending them')
    .action(async (options: { guild?: string; global?: boolean; dryRun?: boolean }) => {
      if (options.dryRun) {
        const body = buildCommandJson(commands);
        line(context.stdout, JSON.stringify(body, null, 2));
        const problems = registrationProblems(body);
        for (const problem of problems) line(context.stderr, `Problem: ${problem}`);
        if (problems.length > 0) context.setExitCode(1);
        return;
      }
      const { config } = await context.app();
      if (!config.DISCORD_APPLICATION_ID) throw new UserError('config', 'DISCORD_APPLICATION_ID is not set. Copy the Application ID from the Discord developer portal (General Information) into .env.');
      const guildId = options.global ? undefined : (options.guild ?? config.DISCORD_GUILD_ID);
      if (guildId !== undefined && !/^\d{5,25}$/.test(guildId)) throw new UserError('usage', `--guild must be a numeric server id, not "${guildId}"`);
      let changes;
      try {
        changes = await registerCommands({ rest: createDiscordRest(config), applicationId: config.DISCORD_APPLICATION_ID, guildId, commands });
      } catch (error) {
        if (error instanceof UserError) throw error;
        const status = (error as { status?: number }).status;
        const hint = status === 401 ? ' Check DISCORD_TOKEN (Bot → Reset Token in the developer portal).' : status === 403 || status === 404 ? ' Check DISCORD_APPLICATION_ID, and that the bot was invited to the server with the applications.commands scope.' : '';
        throw new UserError('discord', `Discord refused the registration: ${(error as Error).message}.${hint}`, { cause: error });
      }
      line(context.stdout, `Registered ${changes.added.length + changes.updated.length + changes.unchanged.length} commands (${changes.scope}).`);
      const list = (names: string[]) => (names.length > 0 ? names.map((name) => `/${name}`).join(', ') : 'none');
      line(context.stdout, `Added: ${list(changes.added)}`);
      line(context.stdout, `Updated: ${list(changes.updated)}`);
      line(context.stdout, `Removed: ${list(changes.removed)}`);
      line(context.stdout, `Unchanged: ${changes.unchanged.length}`);
      if (!guildId) line(context.stdout, 'Global commands can take up to an hour to appear in every server; use --guild ID while developing.');
    });
}
