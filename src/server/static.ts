import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { App } from '../http/types.js';
import { packageRoot } from '../paths.js';

export const WEB_DIST = path.join(packageRoot, 'dist', 'web');

/**
 * Serves the built web UI (`npm run build:web` → dist/web) and returns its index.html: app.ts
 * answers unknown GET and HEAD paths outside /api with it so the SPA's client-side routes survive
 * a reload; the files answer GET and HEAD; hashed assets are cached for good.
 */
export async function registerWeb(app: App, root: string = WEB_DIST): Promise<string | null> {
  const indexFile = path.join(root, 'index.html');
  if (!existsSync(indexFile)) return null;
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    index: false,
    setHeaders(res, filePath) {
      const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
      res.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  return readFileSync(indexFile, 'utf8');
}
