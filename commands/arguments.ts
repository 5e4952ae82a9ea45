import { UserError } from '../src/errors.ts';
import type { AnyCommand, OptionDefinition } from './types.ts';

interface Token {
  /** The word or phrase without its quotes. */
  value: string;
  /** Exactly as typed, quotes included. */
  raw: string;
  /** `name` of a `name:value` token. */
  name?: string | undefined;
}

const tokenPattern = /(?:([a-z_]+)[:=])?(?:"([^"]*)"|“([^”]*)”|(\S+))/gi;

function scan(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(tokenPattern)) {
    const value = match[2] ?? match[3] ?? match[4] ?? '';
    if (value.length === 0 && match[1] === undefined) continue;
    tokens.push({ value, raw: match[0], name: match[1]?.toLowerCase() });
  }
  return tokens;
}

/** Splits on spaces, keeping "quoted phrases" (straight or curly quotes) together. */
export function tokenize(text: string): string[] {
  return scan(text).map((token) => (token.name ? `${token.name}:${token.value}` : token.value));
}

/** An example for the help line: one that shows `option` if any does, else one with arguments. */
function usage(command: AnyCommand, option?: OptionDefinition): string {
  const withArguments = command.examples.filter((example) => example.trim().includes(' '));
  const showing = option === undefined ? undefined : withArguments.find((example) => example.split(/\s+/).includes(option.example));
  const example = option === undefined ? command.examples[0] : (showing ?? withArguments[0] ?? command.examples[0]);
  return `Example: ${example ?? `/${command.name}`}`;
}

const indefinite = (word: string) => (/^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`);

function parseOne(command: AnyCommand, option: OptionDefinition, raw: string, now: Date): unknown {
  try {
    return option.type.parse(raw, { now });
  } catch (error) {
    if (error instanceof UserError) {
      throw new UserError('bad_option', `The ${option.name} for /${command.name} is not valid: ${error.message}. ${usage(command, option)}`);
    }
    throw error;
  }
}

function checkRequired(command: AnyCommand, values: Record<string, unknown>): void {
  const missing = command.options.filter((option) => option.required && values[option.name] === undefined);
  if (missing.length > 0) {
    throw new UserError('missing_option', `/${command.name} needs ${missing.map((option) => `${indefinite(option.name)}: ${option.description.toLowerCase()}`).join('; and ')}. ${usage(command)}`);
  }
}

/**
 * Reads options from the text after a command, as people type it on Telegram or the console:
 * `name:value` pairs anywhere; words that look like a typed option (24h, 08:00, Europe/Kyiv,
 * a small number) fill it; plain positional words fill the remaining options in order, and
 * a `rest` option takes what is left.
 *
 * @example
 * parseTextArguments(brief, 'ukraine peace 7d 3', now) // { topic: 'ukraine peace', since: …, limit: 3 }
 */
export function parseTextArguments(command: AnyCommand, text: string, now: Date): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const byName = new Map(command.options.map((option) => [option.name, option]));
  const restOption = command.options.find((option) => option.rest);
  // A command whose only option is free text (a question) takes the line exactly as typed.
  if (restOption !== undefined && command.options.every((option) => option === restOption || option.hidden)) {
    const named = scan(text);
    const hidden = named.filter((token) => token.name !== undefined && byName.get(token.name)?.hidden);
    if (hidden.length === 0) {
      if (text.trim().length > 0) values[restOption.name] = parseOne(command, restOption, text, now);
      checkRequired(command, values);
      return values;
    }
  }
  const leftovers: Token[] = [];
  for (const token of scan(text)) {
    const option = token.name === undefined ? undefined : byName.get(token.name);
    if (option) values[option.name] = parseOne(command, option, token.value, now);
    else leftovers.push(token.name === undefined ? token : { value: token.raw, raw: token.raw });
  }
  // Typed options claim the words that look like them; plain options take words in order.
  const unclaimed: Token[] = [];
  for (const token of leftovers) {
    const typed = command.options.find((option) => !option.rest && !option.hidden && values[option.name] === undefined && option.type.matches?.(token.value));
    if (typed) values[typed.name] = parseOne(command, typed, token.value, now);
    else unclaimed.push(token);
  }
  // With a free-text option (a query), plain options are named only: `/search ferry` searches "ferry".
  const positional = restOption !== undefined ? [] : command.options.filter((option) => !option.rest && !option.hidden && !option.type.matches && values[option.name] === undefined);
  for (const option of positional) {
    const next = unclaimed.shift();
    if (next === undefined) break;
    values[option.name] = parseOne(command, option, next.value, now);
  }
  if (unclaimed.length > 0) {
    const rest = unclaimed.map((token) => token.raw).join(' ');
    if (restOption === undefined || values[restOption.name] !== undefined) {
      throw new UserError('extra_arguments', `/${command.name} did not understand "${rest.slice(0, 60)}". ${usage(command)}`);
    }
    values[restOption.name] = parseOne(command, restOption, rest, now);
  }
  checkRequired(command, values);
  return values;
}

/** Validates options that arrive already separated (Discord slash-command options, buttons). */
export function parseStructuredArguments(command: AnyCommand, raw: Readonly<Record<string, string | number | boolean>>, now: Date): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const byName = new Map(command.options.map((option) => [option.name, option]));
  for (const [name, value] of Object.entries(raw)) {
    const option = byName.get(name);
    if (option === undefined) throw new UserError('bad_option', `/${command.name} has no option "${name}". ${usage(command)}`);
    values[name] = parseOne(command, option, String(value), now);
  }
  checkRequired(command, values);
  return values;
}
