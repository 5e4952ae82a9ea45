import { article } from './article.ts';
import { ask } from './ask.ts';
import { breaking } from './breaking.ts';
import { brief } from './brief.ts';
import { digest } from './digest.ts';
import { createHelpCommand } from './help.ts';
import { pause, resume } from './pause.ts';
import { search } from './search.ts';
import { sources } from './sources.ts';
import { subscribe } from './subscribe.ts';
import { subscription } from './subscription.ts';
import { unsubscribe } from './unsubscribe.ts';
import type { AnyCommand } from './types.ts';

const help = createHelpCommand(() => commands);

/** Every command, in the order help lists them. Explicit, so reading this file tells the whole set. */
export const commands: readonly AnyCommand[] = [brief, ask, search, article, digest, subscribe, subscription, pause, resume, unsubscribe, breaking, sources, help];
