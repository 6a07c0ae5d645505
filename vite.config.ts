/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));

/** The sample that `npm start` opens; it lives in public/samples/. */
const START_SAMPLE = 'multistage-parallel.log';

/**
 * Prints the dev URL with the sample in its hash, so `npm start` is usable on a
 * machine without a display (where `--open` has nothing to open).
 */
function printSampleUrl(): Plugin {
  return {
    name: 'plainsight:print-sample-url',
    apply: 'serve',
    configureServer(server) {
      const printUrls = server.printUrls.bind(server);
      server.printUrls = () => {
        printUrls();
        const local = server.resolvedUrls?.local[0];
        if (local) server.config.logger.info(`  ➜  Sample:  ${local}#sample=${START_SAMPLE}`);
      };
    },
  };
}

export default defineConfig({
  root: 'app',
  // Relative base: the built app works from any folder or sub-path it is served from.
  base: './',
  publicDir: '../public',
  plugins: [react(), printSampleUrl()],
  build: {
    outDir: '../dist/app',
    emptyOutDir: true,
  },
  test: {
    root: repoRoot,
    projects: [
      {
        extends: true,
        test: { name: 'core', include: ['src/**/*.test.ts'], environment: 'node' },
      },
      {
        extends: true,
        test: { name: 'app', include: ['app/**/*.test.{ts,tsx}'], environment: 'jsdom' },
      },
    ],
  },
});
