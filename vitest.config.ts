import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.ts'],
		globalSetup: ['test/global-setup.ts'],
		// Property tests use a fixed seed unless FC_SEED says otherwise (see the file).
		setupFiles: ['test/support/fast-check-setup.ts'],
		pool: 'forks',
		globals: false,
		testTimeout: 30_000,
		hookTimeout: 30_000,
	},
});
