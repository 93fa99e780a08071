import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../../../paths.js';

/** Where `npm run build:web` puts the web chat's files (web/chat/vite.config.ts). */
export const CHAT_DIST = path.join(packageRoot, 'dist', 'chat');

export const CHAT_ASSETS = ['widget.js', 'chat.js', 'chat.css'] as const;
export type ChatAssetName = (typeof CHAT_ASSETS)[number];

export interface ChatAsset {
  readonly body: Buffer;
  readonly type: string;
  /** A short content hash: the ETag, and the `?v=` the page adds to its links. */
  readonly hash: string;
}

/**
 * The built files, read once at start-up (they are small). A missing build leaves them out: the
 * routes then answer 404 and the page stays blank, as the web UI does without its build.
 */
export function loadChatAssets(root: string = CHAT_DIST): Map<ChatAssetName, ChatAsset> {
  const assets = new Map<ChatAssetName, ChatAsset>();
  for (const name of CHAT_ASSETS) {
    const file = path.join(root, name);
    if (!existsSync(file)) continue;
    const body = readFileSync(file);
    assets.set(name, {
      body,
      type: name.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8',
      hash: createHash('sha256').update(body).digest('base64url').slice(0, 16),
    });
  }
  return assets;
}
