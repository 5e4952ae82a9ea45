export { startDelivery, type Delivery, type DeliveryConfig, type DeliveryOptions, type DeliveryStats, type BreakingReport } from './start-delivery.ts';
export type { DigestRunSummary } from './digest-jobs.ts';
export type { DigestBriefings, ModeratorNotifier, OutboxClaims, RunCoordinator } from './ports.ts';
export type { PlatformLimits } from './rate-limits.ts';
