export { createTelegramBot } from './handlers.ts';
export { startTelegram, type StartTelegramOptions, type TelegramConfig, type TelegramHandle } from './bot.ts';
export { createTelegramNotifier, createTelegramNotifierFromConfig, toDeliveryError } from './notifier.ts';
export { createTelegramDirectMessenger, createTelegramDirectMessengerFromConfig, type DirectMessenger } from './direct-message.ts';
