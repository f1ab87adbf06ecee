// The console's Vite config: `npm run build` (scripts/build.js) builds it into dist/console,
// which the API serves at `/`. For development, `npx vite apps/console` proxies /v1 to the API.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  build: { outDir: path.resolve(here, '../../dist/console'), emptyOutDir: true, sourcemap: true },
  server: { proxy: { '/v1': process.env.SWITCHYARD_API_URL || 'http://127.0.0.1:8080' } },
});
