import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'models/**/*.test.ts', 'server/**/*.test.ts', 'workers/**/*.test.ts', 'scripts/**/*.test.ts'],
    globalSetup: ['models/fixture/vitest-setup.ts'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
