import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Tests that share a real Redis or PostgreSQL server use their own key prefixes,
    // so files can run in parallel.
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
