import type { Notifier } from '../src/delivery/notifier.ts';
import type { ModeratorNotifier } from '../src/delivery/ports.ts';
import { errorMessage } from '../src/errors.ts';
import type { App } from './app.ts';
import { createDiscordDirectMessenger, createDiscordNotifier, createDiscordRest } from './discord/index.ts';
import { createTelegramDirectMessengerFromConfig, createTelegramNotifierFromConfig } from './telegram/index.ts';

/** The platform side of delivery: a notifier per configured platform, and where moderators hear about failures. */
export interface DeliveryWiring {
  notifiers: Notifier[];
  moderators?: ModeratorNotifier | undefined;
  /** Releases platform clients (HTTP agents, gateway connections) when the caller is done. */
  close?(): Promise<void>;
}

export type DeliveryWiringFactory = (app: App) => Promise<DeliveryWiring>;

interface Messenger {
  send(userId: string, paragraphs: string[], options?: { title?: string }): Promise<{ messageId: string }>;
}

/**
 * Builds notifiers from the platform configuration (TELEGRAM_BOT_TOKEN + TELEGRAM_API_ROOT,
 * DISCORD_TOKEN + DISCORD_API_BASE), shared by `npm start` and `npm run cli -- digest run`.
 * Delivery needs no gateway or polling connection: both platforms are reached over REST.
 */
export async function createDeliveryWiring(app: App): Promise<DeliveryWiring> {
  const { config, logger } = app;
  const notifiers: Notifier[] = [];
  const messengers = new Map<string, { messenger: Messenger; operators: readonly string[] }>();
  if (config.TELEGRAM_BOT_TOKEN) {
    notifiers.push(createTelegramNotifierFromConfig(config, logger));
    messengers.set('telegram', { messenger: createTelegramDirectMessengerFromConfig(config, logger), operators: config.TELEGRAM_OPERATOR_IDS });
  }
  if (config.DISCORD_TOKEN) {
    const rest = createDiscordRest(config);
    notifiers.push(createDiscordNotifier({ rest, logger }));
    messengers.set('discord', { messenger: createDiscordDirectMessenger({ rest, logger }), operators: config.DISCORD_OPERATOR_IDS });
  }

  // A stopped digest is told to whoever subscribed the chat and to the platform's operators,
  // privately: the chat itself is the one that cannot be reached.
  const moderators: ModeratorNotifier = {
    async notify(text, context) {
      const platform = messengers.get(context.platform);
      if (platform === undefined) return;
      const subscription = await app.subscriptions.get(context.subscriptionId).catch(() => undefined);
      // createdBy is a platform user id for chat-made subscriptions, "cli" or "cli import" otherwise.
      const creator = subscription?.createdBy !== undefined && /^\d+$/.test(subscription.createdBy) ? [subscription.createdBy] : [];
      const recipients = new Set<string>([...creator, ...platform.operators]);
      recipients.delete(context.chatId);
      for (const userId of recipients) {
        try {
          await platform.messenger.send(userId, [text], { title: 'newsbrief delivery stopped' });
        } catch (error) {
          // Many users never opened a private chat with the bot; the log keeps the record.
          logger.info({ platform: context.platform, userId, err: errorMessage(error) }, 'could not tell a moderator about a stopped subscription');
        }
      }
    },
  };
  return { notifiers, moderators: messengers.size > 0 ? moderators : undefined };
}
