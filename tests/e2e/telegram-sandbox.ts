import { afterEach, beforeEach } from 'vitest';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram-bot-api.ts';
import { makeSandbox, type Sandbox } from './process.ts';

/** A fresh sandbox and fake Bot API (accepting only `token`) for each test of the calling suite. */
export function useTelegramSandbox(token: string): { readonly sandbox: Sandbox; readonly api: FakeTelegram } {
  let sandbox: Sandbox | undefined;
  let api: FakeTelegram | undefined;
  beforeEach(async () => {
    sandbox = await makeSandbox();
    api = await startFakeTelegram({ token });
  });
  afterEach(async () => {
    await api?.close();
    await sandbox?.remove();
  });
  return {
    get sandbox() {
      return sandbox!;
    },
    get api() {
      return api!;
    },
  };
}
