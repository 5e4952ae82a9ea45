/**
 * One part of `npm run eval`: scores one capability on the public data in ../shared/eval and
 * prints its tables through `log`. `flags` are the command-line flags after `npm run eval --`.
 */
export interface EvalSection {
  name: string;
  run(options: { flags: readonly string[]; log: (line: string) => void }): Promise<void>;
}

/** The value after a flag (`--limit 50`), if present. */
export function flagValue(flags: readonly string[], name: string): string | undefined {
  const index = flags.indexOf(name);
  return index >= 0 ? flags[index + 1] : undefined;
}
