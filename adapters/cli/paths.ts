import { isAbsolute, relative, resolve } from 'node:path';

/**
 * Where a relative path on the command line is meant from. `npm run cli -- …` runs the
 * script in the package folder, not where the user typed it; npm passes that folder as
 * INIT_CWD. Without npm (the `newsbrief` bin, `node adapters/cli/main.ts`) it is the cwd.
 */
export function invocationDir(env: NodeJS.ProcessEnv): string {
  return env.INIT_CWD && isAbsolute(env.INIT_CWD) ? env.INIT_CWD : process.cwd();
}

/**
 * A local path as the user meant it, written relative to this process's folder (so it
 * opens here and reads naturally in reports); URLs and absolute paths are left as typed.
 */
export function userPath(target: string, env: NodeJS.ProcessEnv): string {
  if (/^https?:\/\//i.test(target) || isAbsolute(target)) return target;
  const from = invocationDir(env);
  if (from === process.cwd()) return target;
  return relative(process.cwd(), resolve(from, target)) || '.';
}
