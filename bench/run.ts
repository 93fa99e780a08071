import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * `npm run bench -- NAME [args…]`: runs the default export of bench/NAME.ts with the remaining
 * arguments. Each benchmark prints its figures and, last, one JSON line. Files starting with `_`
 * are shared helpers, not benchmarks.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_') && !f.endsWith('.test.ts'))
  .map((f) => f.slice(0, -3))
  .sort();

const [name, ...args] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  process.stderr.write(
    `usage: npm run bench -- NAME [args…]\navailable: ${available.join(', ') || '(none)'}\n`,
  );
  process.exit(2);
}
const module = (await import(pathToFileURL(path.join(here, `${name}.ts`)).href)) as {
  default?: (args: string[]) => Promise<void>;
};
if (typeof module.default !== 'function') {
  process.stderr.write(`bench/${name}.ts has no default export function\n`);
  process.exit(2);
}
await module.default(args);
