import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  build: {
    // The server serves this folder and falls back to its index.html for client routes.
    outDir: path.resolve(here, '../../dist/portal'),
    emptyOutDir: true,
    // The insight chunk carries ECharts (~540 kB, ~180 kB gzipped) and loads only when insight opens.
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
