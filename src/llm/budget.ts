/** The part of a keyv namespace the budget uses (keyv itself lives in src/store). */
export interface UsageKv {
  get(key: string): Promise<unknown>;
  set(key: string, value: UsageDay, ttl?: number): Promise<unknown>;
}

/** Tokens used on one UTC day, in total and per command ("brief", "ask", "summary"). */
export interface UsageDay {
  day: string;
  tokens: number;
  calls: number;
  commands: Record<string, { tokens: number; calls: number }>;
}

/**
 * A daily token budget kept in the store, so every process and restart shares it.
 * When today's tokens reach the limit, the LLM is not called until the UTC day changes.
 */
export interface TokenBudget {
  /** Tokens per UTC day; undefined means no limit. */
  readonly dailyLimit: number | undefined;
  /** Tokens left today (Infinity without a limit). */
  remaining(): Promise<number>;
  record(command: string, tokens: number): Promise<void>;
  /** The last `days` days, newest first, including days with no use. */
  usage(days?: number): Promise<UsageDay[]>;
}

export interface TokenBudgetOptions {
  kv: UsageKv;
  /** 0 or undefined: no limit. */
  dailyLimit?: number | undefined;
  now?: () => Date;
}

const keepDaysMs = 120 * 24 * 3600_000;

export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function emptyDay(day: string): UsageDay {
  return { day, tokens: 0, calls: 0, commands: {} };
}

function asUsageDay(value: unknown, day: string): UsageDay {
  if (typeof value !== 'object' || value === null) return emptyDay(day);
  const record = value as Partial<UsageDay>;
  return {
    day,
    tokens: Number(record.tokens) || 0,
    calls: Number(record.calls) || 0,
    commands: typeof record.commands === 'object' && record.commands !== null ? record.commands : {},
  };
}

export function createTokenBudget(options: TokenBudgetOptions): TokenBudget {
  const now = options.now ?? (() => new Date());
  const dailyLimit = options.dailyLimit && options.dailyLimit > 0 ? options.dailyLimit : undefined;
  // Serialises this process's read-modify-write; other processes may rarely lose an increment, which only errs a few calls late.
  let queue: Promise<unknown> = Promise.resolve();

  async function read(day: string): Promise<UsageDay> {
    return asUsageDay(await options.kv.get(day), day);
  }

  return {
    dailyLimit,
    async remaining() {
      if (dailyLimit === undefined) return Number.POSITIVE_INFINITY;
      const today = await read(utcDay(now()));
      return Math.max(0, dailyLimit - today.tokens);
    },
    record(command, tokens) {
      const step = queue.then(async () => {
        const day = utcDay(now());
        const usage = await read(day);
        const spent = Math.max(0, Math.round(tokens));
        usage.tokens += spent;
        usage.calls += 1;
        const entry = usage.commands[command] ?? { tokens: 0, calls: 0 };
        usage.commands[command] = { tokens: entry.tokens + spent, calls: entry.calls + 1 };
        await options.kv.set(day, usage, keepDaysMs);
      });
      queue = step.catch(() => {});
      return step;
    },
    async usage(days = 14) {
      const today = Date.parse(`${utcDay(now())}T00:00:00.000Z`);
      const out: UsageDay[] = [];
      for (let back = 0; back < days; back += 1) out.push(await read(utcDay(new Date(today - back * 24 * 3600_000))));
      return out;
    },
  };
}
