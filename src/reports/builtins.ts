import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Report } from './model.js';

/**
 * Built-in reports: the `.sql` files in builtin/, read once. The comment lines before
 * `-- [params]` carry the title (first line), settings (`-- @key: value`) and the description.
 */
const DIR = new URL('./builtin/', import.meta.url);

export function parseBuiltin(name: string, body: string): Report {
  const meta: Record<string, string> = {};
  const prose: string[] = [];
  for (const line of body.split('\n')) {
    if (!line.startsWith('--') || /^--\s*\[params\]/i.test(line)) break;
    const text = line.replace(/^--\s?/, '').trim();
    const setting = /^@([a-z_]+):\s*(.*)$/.exec(text);
    if (setting) meta[setting[1] ?? ''] = (setting[2] ?? '').trim();
    else if (text !== '') prose.push(text);
  }
  return {
    name,
    title: prose[0] ?? name,
    description: prose.slice(1).join(' '),
    body,
    sourceId: null,
    searchPath: meta.search_path ?? null,
    timeoutSeconds: meta.timeout ? Number(meta.timeout) : null,
    runRoles: meta.roles ? meta.roles.split(',').map((r) => r.trim()) : [],
    builtin: true,
    updatedAt: null,
  };
}

let cache: Report[] | null = null;

export function builtinReports(): Report[] {
  if (cache === null) {
    const dir = fileURLToPath(DIR);
    cache = readdirSync(dir)
      .filter((f) => f.endsWith('.sql'))
      .sort()
      .map((f) => parseBuiltin(f.replace(/\.sql$/, ''), readFileSync(`${dir}${f}`, 'utf8')));
  }
  return cache;
}

export function builtinReport(name: string): Report | undefined {
  return builtinReports().find((r) => r.name === name);
}
