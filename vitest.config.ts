import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'models/**/*.test.ts', 'server/**/*.test.ts', 'workers/**/*.test.ts', 'scripts/**/*.test.ts'],
    // Checks against upstream's own libraries (torch, OpenCV), which CI does not install: `npm run test:upstream`.
    exclude: ['**/node_modules/**', '**/*.upstream.test.ts'],
    globalSetup: ['models/fixture/vitest-setup.ts'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
