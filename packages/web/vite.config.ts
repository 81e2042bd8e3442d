import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { stringsPlugin } from './strings-plugin.ts';

// The API server (packages/server) listens on :3000 in development; the web app is served by Vite
// on :5173 and reaches the API through this proxy, so the browser only ever talks to one origin.
const apiTarget = 'http://localhost:3000';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react(), stringsPlugin()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // Pages are loaded lazily, module by module (each module's `module.tsx`); the chunker then keeps in the first
        // screen's chunks only what sign-in and home use. React changes least often: its own chunk stays cached.
        // No catch-all vendor group: one would pull every library (charts included) into the first screen.
        codeSplitting: {
          groups: [{ name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 3 }],
        },
      },
    },
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': apiTarget,
      '/healthz': apiTarget,
      '/readyz': apiTarget,
    },
  },
  preview: {
    port: 4173,
  },
});
