import { UserError } from '../src/errors.ts';
import type { SourceView } from './deps.ts';
import { choice, text } from './option-types.ts';
import { message, type Reply } from './reply.ts';
import type { CommandDefinition } from './types.ts';

function describe(source: SourceView): string {
  const health = source.paused ? 'paused' : source.failures > 0 ? `failing (${source.failures}× : ${source.lastError ?? 'unknown error'})` : 'ok';
  return `${source.id} · ${source.title ?? source.url} · ${health}${source.itemCount !== undefined ? ` · ${source.itemCount} articles` : ''}`;
}

/** `/sources add|remove|list|pause|resume`: manage the feeds the bot reads. */
export const sources = {
  name: 'sources',
  description: 'Manage news feeds (moderators)',
  options: [
    { name: 'action', description: 'add, remove, list, pause or resume', type: choice(['add', 'remove', 'list', 'pause', 'resume'] as const), example: 'add' },
    { name: 'target', description: 'Feed URL (add) or source id (remove, pause, resume)', type: text({ maxLength: 500 }), example: 'https://example.com/feed.xml' },
  ],
  permission: 'moderator',
  examples: ['/sources list', '/sources add https://harborledger.example/rss.xml', '/sources pause 3f2a9c'],
  slow: true,
  async run({ options, caller }, deps): Promise<Reply> {
    if (deps.sources === undefined) throw new UserError('not_available', 'Feed sources are not available on this surface.');
    const action = options.action ?? 'list';
    if (action === 'list') {
      const list = await deps.sources.list();
      if (list.length === 0) return message(['No feeds yet.', 'Add one with /sources add https://example.com/feed.xml']);
      return { title: `Feeds (${list.length})`, items: list.map((source) => ({ title: source.title ?? source.url, url: source.url, meta: describe(source) })) };
    }
    if (options.target === undefined) throw new UserError('missing_option', `/sources ${action} needs ${action === 'add' ? 'a feed URL' : 'a source id'}. Example: ${action === 'add' ? '/sources add https://example.com/feed.xml' : `/sources ${action} 3f2a9c`}`);
    if (action === 'add') {
      const target = options.target;
      const { source, stored, skipped = [] } = await deps.sources.add(target, { addedBy: caller.id }).catch((error: unknown) => {
        // Fetch errors read as fragments ("refused: … loopback address"); say what failed first.
        if (error instanceof UserError && !/^"/.test(error.message)) throw new UserError(error.code, `Could not add ${target.slice(0, 200)}: ${error.message}`, { cause: error, context: error.context });
        throw error;
      });
      // A malformed item does not stop the feed, but the moderator who added it should know.
      const skippedLine = skipped.length === 0 ? [] : [`Skipped ${skipped.length} item${skipped.length === 1 ? '' : 's'}: ${skipped.slice(0, 3).join('; ')}${skipped.length > 3 ? '; …' : ''}`];
      return message([`Added ${source.title ?? source.url}.`, `Stored ${stored} article${stored === 1 ? '' : 's'} from it now; it is checked again on the polling schedule.`, ...skippedLine], { tone: 'success' });
    }
    if (action === 'remove') {
      const removed = await deps.sources.remove(options.target);
      if (removed === undefined) throw new UserError('not_found', `No feed "${options.target.slice(0, 60)}". See them with /sources list.`);
      return message(`Removed ${removed.title ?? removed.url}. Its stored articles stay.`, { tone: 'success' });
    }
    const changed = await deps.sources.setPaused(options.target, action === 'pause');
    if (changed === undefined) throw new UserError('not_found', `No feed "${options.target.slice(0, 60)}". See them with /sources list.`);
    return message(`${action === 'pause' ? 'Paused' : 'Resumed'} ${changed.title ?? changed.url}.`, { tone: 'success' });
  },
} satisfies CommandDefinition<{ action?: 'add' | 'remove' | 'list' | 'pause' | 'resume'; target?: string }>;
