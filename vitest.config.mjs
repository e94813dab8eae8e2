// Timeouts sized for a slow 2-core machine: on the same tree, `node -e 0` takes 70 ms on a quiet one and up to
// 1.1 s on a busy one, and the CLI and simulation tests slow down by as much (a 10 s test ran 91 s). A timeout
// here only catches a hang; what a test checks does not depend on it.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 600_000,
  },
});
