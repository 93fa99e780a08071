import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The web chat's build (`npm run build:web` runs it twice, after the web UI's): the chat page's
 * script and styles (`chat.js`, `chat.css`), then with `--mode widget` the loader that
 * organisations embed (`widget.js`). Each is one classic script in a closure (IIFE): the loader
 * runs on other sites' pages, and neither loads anything else. Output: dist/chat/, which the main
 * build (it empties dist/web) leaves alone.
 */
export const CHAT_OUT_DIR = fileURLToPath(new URL('../../dist/chat', import.meta.url));

export default defineConfig(({ mode }) => {
  const widget = mode === 'widget';
  const name = widget ? 'widget' : 'chat';
  return {
    root: fileURLToPath(new URL('.', import.meta.url)),
    publicDir: false,
    // common/api's schemas are the server's business: TypeBox stays out of the visitor's download.
    resolve: { alias: { typebox: fileURLToPath(new URL('./typebox-stub.ts', import.meta.url)) } },
    logLevel: 'warn',
    build: {
      outDir: CHAT_OUT_DIR,
      // The first of the two builds starts from an empty folder; the second adds to it.
      emptyOutDir: !widget,
      target: 'es2022',
      minify: true,
      lib: {
        entry: fileURLToPath(new URL(`./${name}.ts`, import.meta.url)),
        formats: ['iife'],
        name: `parley_${name}`,
        fileName: () => `${name}.js`,
        cssFileName: 'chat',
      },
    },
  };
});
