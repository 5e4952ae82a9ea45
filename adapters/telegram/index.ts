export { startTelegram, createTelegramBot, type StartTelegramOptions, type TelegramConfig, type TelegramHandle } from './bot.ts';
export { createTelegramNotifier, createTelegramNotifierFromConfig, toDeliveryError } from './notifier.ts';
