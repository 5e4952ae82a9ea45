/**
 * Discord's documented limits (discord-api-docs: resources/message, interactions). Counted
 * in UTF-16 units, which is never less than Discord's character count, so staying under
 * these numbers is always safe.
 */
export const discordLimits = {
  content: 2000,
  embedsPerMessage: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  /** All embeds of one message together. */
  embedTotal: 6000,
  actionRows: 5,
  buttonsPerRow: 5,
  customId: 100,
  buttonLabel: 80,
  commandName: 32,
  commandDescription: 100,
  options: 25,
  choices: 25,
  choiceName: 100,
  globalCommands: 100,
  threadName: 100,
  /** The first response to an interaction must arrive within this many ms. */
  interactionDeadlineMs: 3000,
} as const;

/** Message flag: only the person who ran the command sees the reply. */
export const ephemeralFlag = 64;

/** Cuts `text` to `max` characters, ending with an ellipsis when something was cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  // Never leave half of a surrogate pair behind.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}
