import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';

/**
 * What a visitor's browser loads for the web chat (the loader on the organisation's page, the chat
 * page's script and styles) stays small: built here with the real config, into a folder of the
 * test's own, and measured gzipped.
 */
const BUDGET_BYTES = 20 * 1024;
const out = mkdtempSync(path.join(tmpdir(), 'parley-chat-build-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

async function buildChat(mode: 'production' | 'widget'): Promise<void> {
  await build({
    configFile: path.join(packageRoot, 'web/chat/vite.config.ts'),
    mode,
    logLevel: 'silent',
    build: { outDir: out, emptyOutDir: mode !== 'widget' },
  });
}

describe('the web chat build', () => {
  it('is three files, no framework, at most 20 KB gzipped together', async () => {
    await buildChat('production');
    await buildChat('widget');
    expect(readdirSync(out).sort()).toEqual(['chat.css', 'chat.js', 'widget.js']);
    const sizes = Object.fromEntries(
      ['widget.js', 'chat.js', 'chat.css'].map((name) => [
        name,
        gzipSync(readFileSync(path.join(out, name))).length,
      ]),
    );
    const total = Object.values(sizes).reduce((sum, size) => sum + size, 0);
    console.log(`web chat, gzipped: ${JSON.stringify(sizes)}, ${total} bytes in all`);
    expect(total).toBeLessThanOrEqual(BUDGET_BYTES);
    const scripts = ['widget.js', 'chat.js']
      .map((name) => readFileSync(path.join(out, name), 'utf8'))
      .join('\n');
    // No framework, no schema library, nothing fetched from elsewhere, no HTML parsing of texts.
    expect(scripts).not.toMatch(/react|mantine|typebox|import\(|innerHTML|insertAdjacentHTML/i);
  });
});
