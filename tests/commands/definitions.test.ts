import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';

describe('command definitions', () => {
  it('fit both platforms: names, descriptions, options and examples', () => {
    const names = new Set<string>();
    for (const command of commands) {
      expect(command.name).toMatch(/^[a-z0-9_]{1,32}$/);
      expect(names.has(command.name)).toBe(false);
      names.add(command.name);
      expect(command.description.length).toBeGreaterThan(0);
      expect(command.description.length).toBeLessThanOrEqual(100);
      expect(command.examples.length).toBeGreaterThan(0);
      for (const example of command.examples) expect(example.startsWith(`/${command.name}`)).toBe(true);
      expect(command.options.length).toBeLessThanOrEqual(25);
      expect(command.options.filter((option) => option.rest).length).toBeLessThanOrEqual(1);
      for (const option of command.options) {
        expect(option.name).toMatch(/^[a-z0-9_]{1,32}$/);
        expect(option.description.length).toBeLessThanOrEqual(100);
      }
    }
  });

  it('cover the commands the design names', () => {
    expect(commands.map((command) => command.name).sort()).toEqual(
      ['article', 'ask', 'breaking', 'brief', 'digest', 'help', 'pause', 'resume', 'search', 'sources', 'subscribe', 'subscription', 'unsubscribe'].sort(),
    );
  });
});
