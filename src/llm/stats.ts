import type { DropReason, GroundingResult } from './grounding.ts';

export interface GroundingSnapshot {
  kept: number;
  dropped: number;
  reasons: Partial<Record<DropReason, number>>;
  byCommand: Record<string, { kept: number; dropped: number }>;
}

/** Counts of LLM sentences kept and dropped by the source check since start (for logs, usage and evaluation). */
export interface GroundingStats {
  record(command: string, result: GroundingResult): void;
  snapshot(): GroundingSnapshot;
}

export function createGroundingStats(): GroundingStats {
  const totals: GroundingSnapshot = { kept: 0, dropped: 0, reasons: {}, byCommand: {} };
  return {
    record(command, result) {
      totals.kept += result.kept.length;
      totals.dropped += result.droppedCount;
      for (const [reason, count] of Object.entries(result.reasons) as Array<[DropReason, number]>) totals.reasons[reason] = (totals.reasons[reason] ?? 0) + count;
      const entry = totals.byCommand[command] ?? { kept: 0, dropped: 0 };
      totals.byCommand[command] = { kept: entry.kept + result.kept.length, dropped: entry.dropped + result.droppedCount };
    },
    snapshot: () => structuredClone(totals),
  };
}
