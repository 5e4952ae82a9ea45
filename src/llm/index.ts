export { createLlmLayer, llmSettings, openTokenBudget, type LlmLayer, type LlmLayerDeps } from './layer.ts';
export { checkGrounding, splitOutputSentences, type GroundingResult, type GroundingSource, type DropReason } from './grounding.ts';
export { LlmUnavailableError, type LlmUnavailableReason } from './errors.ts';
export type { TokenBudget, UsageDay } from './budget.ts';
export type { AnswerEngine, BriefingEngine, SearchEngine } from './ports.ts';
