import { startDelivery } from '../src/delivery/start-delivery.ts';
import { silentLogger } from '../src/log.ts';
import { openKeyvBackend } from '../src/store/keyv-backend.ts';
import { createSubscriptionStore } from '../src/subscriptions/subscription-store.ts';
import { httpTelegramNotifier } from './http-telegram-notifier.ts';

/**
 * One delivery process for the benchmark: resumes the outbox in DATA_DIR, queues the
 * digest due at the given instant (idempotent, so a restarted process queues nothing twice),
 * drains and exits. The parent may SIGKILL it at any moment.
 */
const [dataDir, apiRoot, at, perSecond] = process.argv.slice(2);
const backend = await openKeyvBackend({ dataDir: dataDir! });
const briefing = {
  title: 'Morning briefing',
  generatedAt: at!,
  items: ['Ceasefire talks resume in Geneva', 'Grid operator warns of winter shortfall', 'Central bank holds rates'].map((headline, i) => ({ headline, sentences: [], citations: [i + 1], articleIds: [`a${i}`], sources: ['Outlet'] })),
  citations: [],
  articleCount: 3,
};
const delivery = await startDelivery({
  backend,
  subscriptions: createSubscriptionStore({ backend }),
  notifiers: [httpTelegramNotifier({ apiRoot: apiRoot!, token: '123456:bench-token-not-secret-at-all' })],
  briefings: { brief: async () => briefing },
  config: { DIGEST_GRACE_MINUTES: 60, DIGEST_MAX_LOOKBACK_HOURS: 48, DELIVERY_MAX_ATTEMPTS: 6, TELEGRAM_MESSAGES_PER_SECOND: Number(perSecond ?? 30), OUTBOX_RETENTION_DAYS: 7 },
  logger: silentLogger(),
  now: () => new Date(at!),
  schedule: false,
});
const resumed = delivery.stats().queued + delivery.stats().inFlight;
const summary = await delivery.runDueDigests();
process.stdout.write(`${JSON.stringify({ event: 'queued', resumed, ...summary })}\n`);
await delivery.drain();
process.stdout.write(`${JSON.stringify({ event: 'drained', ...delivery.stats() })}\n`);
await delivery.stop();
await backend.close();
