#!/usr/bin/env node
// Runs the built CLI (npm run build). From a source checkout without a build, use `npm run parley --`.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/src/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    'parley: not built yet: run `npm run build` first (or `npm run parley -- <command>`)\n',
  );
  process.exit(1);
}
await import(entry.href);
