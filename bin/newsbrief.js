#!/usr/bin/env node
// The newsbrief command. The project runs its TypeScript directly on Node 24 or newer;
// when an older Node starts this file, it hands over to the Node 24 that `npm install`
// put in node_modules (the `node` devDependency), so the command works on Node 20 too.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'adapters', 'cli', 'main.ts');
const major = Number(process.versions.node.split('.')[0]);

if (major >= 24) {
  await import(cli);
} else {
  const bundled = join(root, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(bundled)) {
    console.error(`newsbrief needs Node 24 or newer (this is Node ${process.versions.node}). Run "npm install" in ${root} (it brings Node 24), or install Node 24.`);
    process.exit(2);
  }
  const result = spawnSync(bundled, [cli, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
