import { randomUUID } from 'node:crypto';
import { MessageFlags, type AutocompleteInteraction, type ButtonInteraction, type ChatInputCommandInteraction, type Interaction, type InteractionReplyOptions, type RepliableInteraction } from 'discord.js';
import { requiredRole, type CommandRunner } from '../../commands/dispatch.ts';
import type { Reply, ReplyButton } from '../../commands/reply.ts';
import type { ChatContext, Role } from '../../commands/types.ts';
import type { Citation } from '../../src/domain/citation.ts';
import type { Logger } from '../../src/log.ts';
import { discordLimits, truncate } from './limits.ts';
import type { RoleResolver } from './permissions.ts';
import { renderReply, type DiscordMessageBody } from './render.ts';
import type { Suggestions } from './suggestions.ts';

export interface InteractionHandlerOptions {
  runner: CommandRunner;
  roles: RoleResolver;
  logger: Logger;
  suggestions?: Suggestions | undefined;
  /**
   * Acknowledge a command not marked slow once it has taken this long since Discord
   * created the interaction, so even an unexpectedly slow one never misses the 3 s window.
   */
  deferAfterMs?: number | undefined;
  /** How long the "Sources" button keeps working. */
  sourcesTtlMs?: number | undefined;
  /**
   * Where the "Sources" button's list is kept (the shared continuation store in production,
   * so the button keeps working after a restart and in every shard); default: this process's memory.
   */
  sourceLists?: SourceListStore | undefined;
  /** Called after each interaction is fully answered (tests and metrics). */
  onSettled?: ((event: { id: string; kind: string; ms: number; error?: unknown }) => void) | undefined;
}

/** Keeps values behind short tokens for a while (see `createContinuationStore`). */
export interface SourceListStore {
  put(value: Citation[], ttlMs: number): Promise<string>;
  get(token: string): Promise<Citation[] | undefined>;
}

/** The in-process default: lost on restart, bounded to the newest 2,000 lists. */
function memorySourceLists(): SourceListStore {
  const lists = new Map<string, { citations: Citation[]; expires: number }>();
  return {
    async put(citations, ttlMs) {
      const now = Date.now();
      for (const [key, entry] of lists) if (entry.expires < now || lists.size > 2000) lists.delete(key);
      const key = randomUUID().replace(/-/g, '').slice(0, 16);
      lists.set(key, { citations, expires: now + ttlMs });
      return key;
    },
    async get(token) {
      const entry = lists.get(token);
      return entry && entry.expires > Date.now() ? entry.citations : undefined;
    },
  };
}

const rank: Readonly<Record<Role, number>> = { member: 0, moderator: 1, operator: 2 };
const buttonPrefix = 'nb:';
const sourcesPrefix = 'nbsrc:';

/** A reply button as a custom_id: `nb:<command>:<args>`, within Discord's 100 characters. */
export function buttonId(button: ReplyButton): string | undefined {
  const id = `${buttonPrefix}${button.command}:${button.args}`;
  return id.length <= discordLimits.customId ? id : undefined;
}

function chatContext(interaction: Interaction): ChatContext {
  const channel = interaction.channel;
  const title = channel && 'name' in channel && typeof channel.name === 'string' ? channel.name : undefined;
  if (!interaction.inGuild()) return { platform: 'discord', chatId: interaction.channelId ?? interaction.user.id, kind: 'private', title };
  if (channel?.isThread() && channel.parentId) return { platform: 'discord', chatId: channel.parentId, threadId: channel.id, kind: 'group', title };
  return { platform: 'discord', chatId: interaction.channelId ?? interaction.guildId, kind: 'group', title };
}

function toOptions(body: DiscordMessageBody): InteractionReplyOptions {
  return {
    embeds: body.embeds,
    components: (body.components ?? []) as InteractionReplyOptions['components'],
    allowedMentions: { parse: [] },
    ...(body.flags ? { flags: MessageFlags.Ephemeral } : {}),
  } as InteractionReplyOptions;
}

function withoutFlags(body: DiscordMessageBody) {
  const { flags: _flags, ...rest } = toOptions(body);
  return rest;
}

/**
 * Answers Discord interactions through the shared command runner: slash commands,
 * buttons (reply buttons run their command as the presser; "Sources" lists the sources)
 * and autocomplete. Acknowledges within Discord's 3 s, splits long replies into follow-ups,
 * and is the adapter's one error boundary.
 */
export function createInteractionHandler(options: InteractionHandlerOptions): (interaction: Interaction) => Promise<void> {
  const { runner, roles, logger } = options;
  const deferAfterMs = options.deferAfterMs ?? 2000;
  const sourcesTtlMs = options.sourcesTtlMs ?? 60 * 60_000;
  const sourceLists = options.sourceLists ?? memorySourceLists();

  async function rememberSources(citations: Citation[] | undefined): Promise<string | undefined> {
    if (!citations?.length) return undefined;
    try {
      return `${sourcesPrefix}${await sourceLists.put(citations, sourcesTtlMs)}`;
    } catch (error) {
      // The reply matters more than its button: without a stored list, no "Sources" button.
      options.logger.warn({ err: error }, 'could not store a sources list; replying without the Sources button');
      return undefined;
    }
  }

  /** Sends a reply: the first message answers (or edits the deferred answer), the rest follow up. */
  async function respond(interaction: RepliableInteraction, reply: Reply, state: { deferred: boolean; ephemeral: boolean }): Promise<void> {
    const bodies = renderReply(reply, { buttonId, sourcesButtonId: await rememberSources(reply.citations) });
    const wantsPrivate = reply.private === true;
    let rest = bodies;
    if (!state.deferred) {
      await interaction.reply(toOptions(bodies[0]!));
      rest = bodies.slice(1);
    } else if (wantsPrivate && !state.ephemeral) {
      // A public "thinking…" cannot become private: remove it and answer privately instead.
      await interaction.deleteReply();
    } else {
      await interaction.editReply(withoutFlags(bodies[0]!));
      rest = bodies.slice(1);
    }
    for (const body of rest) await interaction.followUp(toOptions({ ...body, flags: state.deferred && state.ephemeral ? 64 : body.flags }));
  }

  /** Runs a command, deferring first when it is slow, or as soon as it turns out to be. */
  async function runAndRespond(interaction: RepliableInteraction, request: Parameters<CommandRunner['run']>[0], plan: { slow: boolean; ephemeral: boolean }): Promise<void> {
    const state = { deferred: false, ephemeral: plan.ephemeral };
    if (plan.slow) {
      await interaction.deferReply(plan.ephemeral ? { flags: MessageFlags.Ephemeral } : {});
      state.deferred = true;
    }
    const pending = runner.run(request);
    if (!state.deferred) {
      const age = Math.max(0, Date.now() - interaction.createdTimestamp);
      const budget = Math.min(deferAfterMs, Math.max(0, deferAfterMs - age));
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), budget);
      });
      const first = await Promise.race([pending.then(() => 'done' as const), late]);
      clearTimeout(timer);
      if (first === 'late') {
        await interaction.deferReply(plan.ephemeral ? { flags: MessageFlags.Ephemeral } : {});
        state.deferred = true;
      }
    }
    await respond(interaction, await pending, state);
  }

  async function onCommand(interaction: ChatInputCommandInteraction): Promise<void> {
    const command = runner.find(interaction.commandName);
    const chat = chatContext(interaction);
    const needed = command ? requiredRole(command, chat) : 'member';
    const role = await roles.resolve(interaction, needed);
    const values: Record<string, string | number | boolean> = {};
    for (const option of interaction.options.data) {
      if (typeof option.value === 'string' || typeof option.value === 'number' || typeof option.value === 'boolean') values[option.name] = option.value;
    }
    const allowed = rank[role] >= rank[needed];
    await runAndRespond(
      interaction,
      { name: interaction.commandName, options: values, chat, caller: { id: interaction.user.id, name: interaction.user.username, role } },
      // A refusal is instant and private; only permitted slow commands are deferred.
      { slow: allowed && command?.slow === true, ephemeral: !allowed || command?.private === true },
    );
  }

  async function onButton(interaction: ButtonInteraction): Promise<void> {
    if (interaction.customId.startsWith(sourcesPrefix)) {
      const citations = await sourceLists.get(interaction.customId.slice(sourcesPrefix.length)).catch(() => undefined);
      const reply: Reply = citations ? { title: 'Sources', citations, private: true } : { paragraphs: ['That list of sources has expired. Run the command again.'], tone: 'warning', private: true };
      const bodies = renderReply(reply);
      await interaction.reply(toOptions(bodies[0]!));
      for (const body of bodies.slice(1)) await interaction.followUp(toOptions(body));
      return;
    }
    const match = interaction.customId.match(/^nb:([a-z0-9_]{1,32}):([\s\S]*)$/);
    if (!match) {
      await interaction.reply({ content: 'This button is no longer supported.', flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
      return;
    }
    const command = runner.find(match[1]!);
    const chat = chatContext(interaction);
    const needed = command ? requiredRole(command, chat) : 'member';
    const role = await roles.resolve(interaction, needed);
    const fromPrivate = interaction.message.flags.has(MessageFlags.Ephemeral);
    const allowed = rank[role] >= rank[needed];
    await runAndRespond(
      interaction,
      { name: match[1]!, text: match[2]!, chat, caller: { id: interaction.user.id, name: interaction.user.username, role } },
      { slow: allowed && command?.slow === true, ephemeral: !allowed || fromPrivate || command?.private === true },
    );
  }

  async function onAutocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const focused = interaction.options.getFocused(true);
    const kind = runner.find(interaction.commandName)?.options.find((option) => option.name === focused.name)?.autocomplete;
    let choices: string[] = [];
    const typed = String(focused.value);
    if (kind !== undefined && options.suggestions !== undefined) {
      // Topics are comma-separated: complete the last one, keep the ones before it.
      const cut = kind === 'topics' ? typed.lastIndexOf(',') + 1 : 0;
      const before = typed.slice(0, cut);
      const suggestions = await options.suggestions[kind](typed.slice(cut).trim());
      choices = suggestions.map((value) => (before ? `${before.trimEnd()} ${value}` : value)).filter((value) => value.length <= discordLimits.choiceName);
    }
    await interaction.respond(choices.slice(0, discordLimits.choices).map((value) => ({ name: truncate(value, discordLimits.choiceName), value })));
  }

  return async (interaction) => {
    const started = performance.now();
    const kind = interaction.isChatInputCommand() ? `/${interaction.commandName}` : interaction.isButton() ? 'button' : interaction.isAutocomplete() ? 'autocomplete' : 'other';
    const context = { platform: 'discord', chatId: interaction.channelId, userId: interaction.user.id, command: kind, interactionId: interaction.id };
    let failure: unknown;
    try {
      if (interaction.isChatInputCommand()) await onCommand(interaction);
      else if (interaction.isButton()) await onButton(interaction);
      else if (interaction.isAutocomplete()) await onAutocomplete(interaction);
    } catch (error) {
      failure = error;
      const errorId = randomUUID().slice(0, 8);
      logger.error({ ...context, errorId, err: error }, 'discord interaction failed');
      if (interaction.isRepliable()) {
        const notice = { content: `Something went wrong (error id ${errorId}). Please try again in a minute.`, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } } as const;
        try {
          if (interaction.replied || interaction.deferred) await interaction.followUp(notice);
          else await interaction.reply(notice);
        } catch (notifyError) {
          logger.warn({ ...context, err: notifyError }, 'could not tell the user about the failure');
        }
      } else if (interaction.isAutocomplete() && !interaction.responded) {
        await interaction.respond([]).catch(() => undefined);
      }
    } finally {
      const ms = Math.round(performance.now() - started);
      logger.debug({ ...context, ms }, 'discord interaction handled');
      options.onSettled?.({ id: interaction.id, kind, ms, ...(failure === undefined ? {} : { error: failure }) });
    }
  };
}
