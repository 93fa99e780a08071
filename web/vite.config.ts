import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The Fastify server that `npm run dev` starts; the dev server forwards API calls to it. */
const apiTarget = 'http://localhost:3000';
const proxy = {
  '/api': apiTarget,
  '/healthz': apiTarget,
};

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
  },
  server: { proxy },
  preview: { proxy },
});
