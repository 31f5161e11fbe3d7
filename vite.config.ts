import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Production builds ship no source maps (the serve transport would hand them out); a development
// build (`vite build --mode development`) keeps them for debugging.
export default defineConfig(({ mode }) => ({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist-renderer',
    emptyOutDir: true,
    sourcemap: mode !== 'production',
    chunkSizeWarningLimit: 2000,
  },
}));
