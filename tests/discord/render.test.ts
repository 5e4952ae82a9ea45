import { describe, expect, it } from 'vitest';
import { renderReply } from '../../adapters/discord/render.ts';
import { buttonId } from '../../adapters/discord/interactions.ts';
import { validateMessageBody } from '../fakes/discord-api.ts';

describe('Discord rendering', () => {
  it('escapes markdown and masked links in article text, keeping the words', () => {
    const [message] = renderReply({ items: [{ title: 'A [fake](https://evil.example) **bold** title', url: 'https://news.example/a_(1)', text: '# Not a heading. _under_ `code` ||spoiler||' }] });
    const description = message!.embeds[0]!.description!;
    expect(description).not.toContain('[fake](https://evil.example)');
    expect(description).toContain('\\*\\*bold\\*\\*');
    expect(description).toContain('(https://news.example/a_%281%29)');
    expect(description).toContain('\\_under\\_');
    expect(description).toContain('\\|\\|spoiler\\|\\|');
  });

  it('splits one story longer than an embed without losing text', () => {
    const sentences = Array.from({ length: 40 }, (_, i) => ({ text: `Sentence number ${i} ${'word '.repeat(40)}end.`, citations: [1] }));
    const messages = renderReply({ title: 'Long', items: [{ title: 'One long story', sentences }], citations: [{ n: 1, articleId: 'a', title: 'Source', source: 'Outlet', url: 'https://news.example/s' }] });
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) expect(() => validateMessageBody(message)).not.toThrow();
    const all = messages.flatMap((message) => message.embeds.map((embed) => embed.description)).join(' ');
    for (let i = 0; i < 40; i += 1) expect(all).toContain(`Sentence number ${i} `);
  });

  it('keeps titles, footers and button labels within limits, buttons on the last message only', () => {
    const messages = renderReply(
      { title: 'T'.repeat(400), paragraphs: ['p '.repeat(5000)], note: 'n'.repeat(3000), buttons: [{ label: 'L'.repeat(120), command: 'brief', args: 'page:abc' }], tone: 'warning' },
      { buttonId },
    );
    for (const message of messages) expect(() => validateMessageBody(message)).not.toThrow();
    expect(messages[0]!.embeds[0]!.title!.length).toBeLessThanOrEqual(256);
    expect(messages.at(-1)!.embeds.at(-1)!.footer!.text.length).toBeLessThanOrEqual(2048);
    expect(messages.at(-1)!.components?.[0]?.components[0]).toMatchObject({ custom_id: 'nb:brief:page:abc' });
    expect(messages.slice(0, -1).every((message) => message.components === undefined)).toBe(true);
  });

  it('leaves out a button whose custom_id would exceed 100 characters', () => {
    expect(buttonId({ label: 'x', command: 'search', args: 'y'.repeat(120) })).toBeUndefined();
    const [message] = renderReply({ paragraphs: ['hi'], buttons: [{ label: 'x', command: 'search', args: 'y'.repeat(120) }] }, { buttonId });
    expect(message!.components).toBeUndefined();
  });

  it('marks private replies ephemeral and every message mention-free', () => {
    const messages = renderReply({ paragraphs: ['<@&1> @everyone'], private: true });
    expect(messages[0]).toMatchObject({ flags: 64, allowed_mentions: { parse: [] } });
  });
});
