// E2E runs against the e2e build (the app plus its harness pages in dist-e2e/; `npm test` builds it
// first) on Debian's Chromium. The 'webgpu' project
// uses SwiftShader's WebGPU (no shader-f16, ~1 GFLOP/s: timeouts are generous); 'no-webgpu' checks the
// wasm fallback and the messages a user without WebGPU sees.
import { defineConfig } from '@playwright/test';

// LUMEN_PORT moves the preview server (two checkouts testing at once on one machine must not share it).
const port = Number(process.env.LUMEN_PORT ?? 4173);

const baseArgs = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const webgpuArgs = ['--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader'];

export default defineConfig({
  testDir: 'e2e',
  workers: 1,
  retries: 0,
  reporter: 'list',
  timeout: 300_000,
  expect: { timeout: 60_000 },
  use: {
    baseURL: `http://localhost:${port}`,
    trace: 'retain-on-failure',
    actionTimeout: 60_000,
    navigationTimeout: 60_000,
  },
  projects: [
    {
      name: 'webgpu',
      testIgnore: /no-webgpu/,
      use: { launchOptions: { executablePath: '/usr/bin/chromium', args: [...webgpuArgs, ...baseArgs] } },
    },
    {
      name: 'no-webgpu',
      testMatch: /no-webgpu\.spec\.ts/,
      use: { launchOptions: { executablePath: '/usr/bin/chromium', args: baseArgs } },
    },
  ],
  webServer: {
    command: `npx vite preview --mode e2e --port ${port} --strictPort`,
    url: `http://localhost:${port}/e2e/harness.html`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
  },
});
