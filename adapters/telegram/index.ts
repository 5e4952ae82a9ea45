export { createTelegramBot, type StartTelegramOptions, type TelegramConfig } from './bot.ts';
export { startTelegram, type TelegramHandle } from './start.ts';
export { createTelegramNotifier, createTelegramNotifierFromConfig, toDeliveryError } from './notifier.ts';
