import type { Briefing } from '../domain/briefing.ts';

/**
 * What delivery asks the briefing engine for; `BriefingPort` from commands/deps.ts fits it.
 * Declared here because the engine ring (src/) never imports commands.
 */
export interface DigestBriefings {
  brief(request: { topics?: string[] | undefined; since?: number | undefined; until?: number | undefined; maxItems?: number | undefined }): Promise<Briefing>;
}

/** Where moderators hear about chats that stopped receiving (blocked, kicked, missing permissions). */
export interface ModeratorNotifier {
  notify(text: string, context: { platform: string; chatId: string; subscriptionId: string; reason: string; chatTitle?: string | undefined }): Promise<void>;
}

/**
 * Whether this instance runs a scheduled job now. In-process it always does; a
 * multi-instance deployment plugs in a lock (node-cron's run coordinator, a Redis key).
 */
export interface RunCoordinator {
  shouldRun(job: string): Promise<boolean>;
}

/**
 * Exclusive claim on an outbox record while it is being sent. In-process a set; across
 * instances an atomic claim in Redis or PostgreSQL replaces it without touching callers.
 */
export interface OutboxClaims {
  claim(recordId: string): Promise<boolean>;
  release(recordId: string): Promise<void>;
}

export const alwaysRun: RunCoordinator = { shouldRun: async () => true };

export function inProcessClaims(): OutboxClaims {
  const held = new Set<string>();
  return {
    claim: async (id) => {
      if (held.has(id)) return false;
      held.add(id);
      return true;
    },
    release: async (id) => void held.delete(id),
  };
}
