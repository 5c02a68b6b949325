// `npm run test:upstream`: our image preparation against upstream's own libraries, bit for bit (torch's
// interpolate, OpenCV's contours and INTER_AREA). Needs Debian's python3-torch and python3-opencv; a check
// whose library is missing fails, it never skips.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.upstream.test.ts'],
    testTimeout: 120_000,
  },
});
