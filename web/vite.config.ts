import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type ProxyOptions } from 'vite';

/** The Fastify server that `npm run dev` starts; the dev server forwards API calls to it. */
const apiTarget = 'http://localhost:3000';
/**
 * The API refuses state-changing requests whose Origin is not its PUBLIC_URL (CSRF): pages served
 * by the dev server have its origin, so their requests are passed on as the API's own.
 */
const api: ProxyOptions = {
  target: apiTarget,
  configure: (server) =>
    server.on('proxyReq', (request) => {
      if (request.getHeader('origin') !== undefined) request.setHeader('origin', apiTarget);
    }),
};
const proxy = {
  '/api': api,
  '/healthz': apiTarget,
};

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // Libraries change far less often than the app: separate chunks stay cached across releases.
        codeSplitting: {
          groups: [
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/,
              priority: 2,
            },
            { name: 'mantine', test: /node_modules[\\/]@mantine[\\/]/, priority: 1 },
            // The flow canvas's libraries, loaded only when a bot's Flow tab opens (ELK alone is 1.6 MB).
            { name: 'flow', test: /node_modules[\\/](@xyflow|elkjs|zustand|classcat)[\\/]/, priority: 1 },
            { name: 'vendor', test: /node_modules[\\/]/ },
          ],
        },
      },
    },
  },
  server: { proxy },
  preview: { proxy },
});
