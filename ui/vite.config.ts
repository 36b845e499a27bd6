/// <reference types="vitest/config" />
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The Tauri CLI sets TAURI_ENV_* while it runs `npm run dev` / `npm run build`.
const debug = !!process.env.TAURI_ENV_DEBUG;

export default defineConfig({
  plugins: [react()],
  // Keep the terminal free for the Rust build's output.
  clearScreen: false,
  server: {
    port: 5173,
    strictPort: true,
  },
  envPrefix: ['VITE_', 'TAURI_ENV_'],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // WebView2 (Windows) is Chromium; macOS and Linux use WebKit, back to Safari 13 on macOS 10.15.
    target: process.env.TAURI_ENV_PLATFORM === 'windows' ? 'chrome105' : ['es2020', 'safari13'],
    minify: !debug,
    sourcemap: debug,
    // One desktop bundle loaded from disk: the size warning is about network downloads.
    chunkSizeWarningLimit: 4096,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    restoreMocks: true,
    // A test's verdict must not depend on the machine's load: on a busy 2-core machine a screen
    // can take several seconds to render, past vitest's 5 s default. A real hang still fails.
    testTimeout: 30_000,
    // Vitest keeps one core for itself, which on a 2-core machine left one worker: its own
    // process mostly waits, and two workers ran the suite in 142 s instead of 229.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
