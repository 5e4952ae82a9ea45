import { createInterface } from 'node:readline';
import type { CommandRunner } from '../../commands/dispatch.ts';
import type { Caller, ChatContext } from '../../commands/types.ts';
import { renderPlainText } from './render.ts';

export interface ConsoleOptions {
  runner: CommandRunner;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Interactive terminal: show a prompt and a greeting. Piped input runs silently to its end. */
  interactive: boolean;
  greeting?: string | undefined;
}

/** The person at the terminal owns the machine the bot runs on, so they are its operator. */
const consoleChat: ChatContext = { platform: 'console', chatId: 'console', kind: 'private', title: 'console' };
const consoleCaller: Caller = { id: 'console', name: 'you', role: 'operator' };

/** Splits `/name rest` (or `name rest` when `name` is a command); other text is a question. */
export function parseConsoleLine(line: string, isCommand: (name: string) => boolean): { name: string; text: string } | undefined {
  const trimmed = line.trim();
  if (trimmed.length === 0) return undefined;
  const match = trimmed.match(/^\/?([a-z0-9_]+)(?:@\S+)?(?:\s+([\s\S]*))?$/i);
  if (match && (trimmed.startsWith('/') || isCommand(match[1]!.toLowerCase()))) return { name: match[1]!.toLowerCase(), text: match[2] ?? '' };
  return { name: 'ask', text: trimmed };
}

/**
 * The local console: each line is a command, answered with the same definitions the chat
 * bots use. Runs until `/quit` or the end of input (so it works piped), one line at a time.
 */
export async function runConsole(options: ConsoleOptions): Promise<void> {
  const write = (text: string) => options.output.write(`${text}\n`);
  if (options.interactive && options.greeting) write(options.greeting);
  const lines = createInterface({ input: options.input, output: options.interactive ? options.output : undefined, terminal: options.interactive });
  if (options.interactive) {
    lines.setPrompt('newsbrief> ');
    lines.prompt();
  }
  for await (const line of lines) {
    const parsed = parseConsoleLine(line, (name) => options.runner.find(name) !== undefined || name === 'quit' || name === 'exit');
    if (parsed === undefined) {
      if (options.interactive) lines.prompt();
      continue;
    }
    if (parsed.name === 'quit' || parsed.name === 'exit') break;
    if (!options.interactive) write(`> ${line.trim()}`);
    const reply = await options.runner.run({ name: parsed.name, text: parsed.text, chat: consoleChat, caller: consoleCaller });
    write(renderPlainText(reply));
    write('');
    if (options.interactive) lines.prompt();
  }
  lines.close();
}
