// Part of `npm run build:server`: tsc emits only JavaScript, so the SQL routine files
// (src/**/*.sql, applied by src/db/routines.ts) are copied to the same place under dist/.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';

const root = path.join(import.meta.dirname, '..');
const from = path.join(root, 'src');
const to = path.join(root, 'dist', 'src');
for (const file of readdirSync(from, { recursive: true, encoding: 'utf8' })) {
  if (!file.endsWith('.sql')) continue;
  mkdirSync(path.dirname(path.join(to, file)), { recursive: true });
  copyFileSync(path.join(from, file), path.join(to, file));
}
