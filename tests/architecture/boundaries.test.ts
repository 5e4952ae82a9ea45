import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

function files(folder: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, folder))) {
    const path = join(folder, name);
    if (statSync(join(root, path)).isDirectory()) out.push(...files(path));
    else if (path.endsWith('.ts')) out.push(path);
  }
  return out;
}

function imports(path: string): string[] {
  const source = readFileSync(join(root, path), 'utf8');
  return [...source.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]/gm), ...source.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((match) => match[1]!);
}

const layers = ['src', 'commands', 'adapters'];
const allFiles = layers.flatMap(files);

/** One home per vendor library (the house style), so the rest talks to ports. */
const vendorHomes: ReadonlyArray<[RegExp, string]> = [
  [/^discord\.js$|^@discordjs\//, 'adapters/discord/'],
  [/^grammy$|^@grammyjs\//, 'adapters/telegram/'],
  [/^openai$/, 'src/llm/'],
  [/^keyv$|^@keyv\//, 'src/store/'],
  [/^node-cron$/, 'src/'],
];

describe('architecture', () => {
  it('points dependencies one way: adapters → commands → src', () => {
    const violations: string[] = [];
    for (const file of allFiles) {
      const layer = file.split('/')[0]!;
      for (const target of imports(file).filter((spec) => spec.startsWith('.'))) {
        const targetLayer = relative(root, resolve(root, dirname(file), target)).split('/')[0]!;
        if (layers.indexOf(targetLayer) > layers.indexOf(layer)) violations.push(`${file} imports ${target}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('keeps each platform and vendor library in its own home', () => {
    const violations: string[] = [];
    for (const file of allFiles) {
      for (const spec of imports(file)) {
        for (const [pattern, home] of vendorHomes) {
          if (pattern.test(spec) && !file.startsWith(home) && !(home === 'src/' && file.startsWith('src/'))) violations.push(`${file} imports ${spec} (belongs in ${home})`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('has no import cycles', () => {
    const graph = new Map<string, string[]>();
    for (const file of allFiles) {
      graph.set(file, imports(file).filter((spec) => spec.startsWith('.')).map((spec) => relative(root, resolve(root, dirname(file), spec))));
    }
    const state = new Map<string, 'visiting' | 'done'>();
    const cycles: string[] = [];
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'visiting') {
        cycles.push([...trail.slice(trail.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'visiting');
      for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it('reads the environment only in the configuration module and the entry points', () => {
    const readers = allFiles.filter((file) => /process\.env\b/.test(readFileSync(join(root, file), 'utf8')));
    expect(readers.filter((file) => !file.startsWith('src/config/') && !/^adapters\/(main|cli\/main)\.ts$/.test(file))).toEqual([]);
  });
});
