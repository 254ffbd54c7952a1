import { defineConfig } from 'vitest/config';

/** The folders that import no I/O library: their coverage is held to thresholds. */
const PURE_FOLDERS = ['triage', 'kb', 'i18n', 'answer', 'thread', 'escalation'];

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
		// `npm run coverage`: the pure core, measured by its unit and integration tests (the e2e suite adds little here).
		coverage: {
			provider: 'v8',
			include: PURE_FOLDERS.map((folder) => `src/${folder}/**/*.ts`),
			reporter: ['text-summary', 'text'],
			// Just under the figures measured on 2026-12-02 (after the escalation service split): a drop fails
			// `npm run coverage`, which .ci/run runs after `npm test`.
			thresholds: {
				'src/answer/**': { statements: 97, branches: 95, functions: 97, lines: 97 },
				'src/escalation/**': { statements: 96, branches: 87, functions: 97, lines: 97 },
				'src/i18n/**': { statements: 95, branches: 92, functions: 93, lines: 95 },
				'src/kb/**': { statements: 97, branches: 92, functions: 96, lines: 98 },
				'src/thread/**': { statements: 66, branches: 57, functions: 72, lines: 65 },
				'src/triage/**': { statements: 96, branches: 91, functions: 98, lines: 98 },
			},
		},
	},
});
