import type { Notifier } from '../src/delivery/notifier.ts';
import type { ModeratorNotifier } from '../src/delivery/ports.ts';
import type { App } from './app.ts';

/** The platform side of delivery: a notifier per configured platform, and where moderators hear about failures. */
export interface DeliveryWiring {
  notifiers: Notifier[];
  moderators?: ModeratorNotifier | undefined;
  /** Releases platform clients (HTTP agents, gateway connections) when the caller is done. */
  close?(): Promise<void>;
}

export type DeliveryWiringFactory = (app: App) => Promise<DeliveryWiring>;

/**
 * Builds notifiers from the platform configuration (TELEGRAM_BOT_TOKEN + TELEGRAM_API_ROOT,
 * DISCORD_TOKEN + DISCORD_API_BASE), shared by `npm start` and `npm run cli -- digest run`.
 * The Telegram and Discord notifiers plug in here; until then no platform is wired.
 */
export async function createDeliveryWiring(_app: App): Promise<DeliveryWiring> {
  return { notifiers: [] };
}
