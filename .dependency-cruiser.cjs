// The layers of design.md 9.2, checked by dependency-cruiser in `npm test` (test/architecture.test.ts).
// An allow-list: an import that no rule in `allowed` covers is an error, so a new arrow is a decision made here.
// Paths are relative to the repository root; `$1` repeats the folder a `from` rule matched.

/** The pure core: decides, never performs I/O. kb/load.ts is its one named adapter. */
const CORE = '^src/(triage|kb|i18n|escalation|answer|thread)/';
const CORE_ADAPTERS = '^src/kb/load[.]ts$';
/** Shared vocabulary every layer may use: plain types and pure functions importing nothing but one another. */
const VOCABULARY = '^src/(model|storage-fault|message-text|bot-metrics)[.]ts$';
/** The config slices each adapter receives (zod schemas and types); config.ts parses them, adapters read them. */
const SETTINGS = '^src/settings/';
/** Libraries with no I/O, allowed everywhere. */
const PURE_LIBRARIES = '^node_modules/(zod|yaml|eld|intl-messageformat|@formatjs/[^/]+)/';
/** Composition: wires adapters together; may import anything, and only composition imports it. */
const COMPOSITION = '^src/(main|app|advisor)[.]ts$|^src/(cli|simulate)/';

const core = (from, to) => ({ from: { path: from, pathNot: CORE_ADAPTERS }, to: { path: to, pathNot: CORE_ADAPTERS } });

module.exports = {
	forbidden: [
		{
			name: 'no-circular',
			severity: 'error',
			comment: 'A cycle makes two modules one; move the shared part into a third.',
			from: {},
			to: { circular: true },
		},
		{
			name: 'not-to-unresolvable',
			severity: 'error',
			comment: 'An import that resolves to nothing (a typo, or a package missing from package.json).',
			from: {},
			to: { couldNotResolve: true },
		},
		{
			name: 'core-no-io',
			severity: 'error',
			comment: 'The pure core imports no I/O library and no Node built-in module (design.md 9.2).',
			from: { path: CORE, pathNot: CORE_ADAPTERS },
			to: {
				pathNot: `${PURE_LIBRARIES}|^src/`,
			},
		},
	],
	allowedSeverity: 'error',
	allowed: [
		// Pure core, in the direction thread → answer → escalation → i18n → kb → triage; each folder imports itself.
		core('^src/(triage|kb|i18n|escalation|answer|thread)/', '^src/$1/'),
		core(CORE, VOCABULARY),
		core(CORE, PURE_LIBRARIES),
		core('^src/(kb|escalation|answer|thread)/', '^src/triage/'),
		core('^src/(escalation|answer|thread)/', '^src/kb/'),
		core('^src/(answer|thread)/', '^src/escalation/'),
		// What the bot says to posters, and in which language: below everything that speaks to them.
		core('^src/i18n/', '^src/(triage|kb)/'),
		core('^src/(escalation|answer|thread)/', '^src/i18n/'),
		core('^src/thread/', '^src/answer/'),
		{ from: { path: VOCABULARY }, to: { path: VOCABULARY } },
		// The core's adapter: the KB files on disk.
		{ from: { path: '^src/kb/load[.]ts$' }, to: { path: `${CORE}|${VOCABULARY}|${PURE_LIBRARIES}|^(fs|path)$` } },

		// Edge adapters: the core, the shared vocabulary, their own libraries, their settings; never one another.
		{
			from: { path: '^src/discord/' },
			to: {
				path: `^src/discord/|${CORE}|${VOCABULARY}|${PURE_LIBRARIES}|^src/log[.]ts$|^node_modules/(discord[.]js|discord-api-types)/|^crypto$`,
			},
		},
		{
			from: { path: '^src/store/' },
			to: {
				path: `^src/store/|${CORE}|${VOCABULARY}|${PURE_LIBRARIES}|^src/paths[.]ts$|^node_modules/better-sqlite3/|^(fs|path|crypto)$`,
			},
		},
		{
			from: { path: '^src/llm/' },
			to: {
				path: `^src/llm/|${CORE}|${VOCABULARY}|${PURE_LIBRARIES}|${SETTINGS}|^node_modules/openai/`,
			},
		},
		{
			from: { path: '^src/mail/' },
			to: { path: `^src/mail/|${CORE}|${VOCABULARY}|${SETTINGS}|^node_modules/nodemailer/` },
		},
		{
			from: { path: '^src/ocr/' },
			to: {
				path: `^src/ocr/|${VOCABULARY}|${PURE_LIBRARIES}|${SETTINGS}|^node_modules/sharp/|^(child_process|crypto|fs|os|path)$`,
			},
		},
		// ops serves health and metrics; reading the store's health is what it is for.
		{
			from: { path: '^src/ops/' },
			to: {
				path: `^src/ops/|${VOCABULARY}|^src/store/storage-health[.]ts$|^node_modules/(prom-client|better-sqlite3)/|^(http|net)$`,
			},
		},
		// The local Discord: a world of its own, used only by the simulator, the demo and the tests.
		{
			from: { path: '^src/sandbox/' },
			to: {
				path: `^src/sandbox/|${PURE_LIBRARIES}|^node_modules/(ws|discord-api-types|discord[.]js)/|^(crypto|http|net|stream|zlib)$`,
			},
		},
		{
			from: { path: '^src/eval/' },
			to: { path: `^src/eval/|${CORE}|${VOCABULARY}|${PURE_LIBRARIES}|^node_modules/minisearch/` },
		},

		{ from: { path: SETTINGS }, to: { path: `${SETTINGS}|${PURE_LIBRARIES}` } },
		// Leaves at the root: config (the only reader of process.env), logging, paths.
		{
			from: { path: '^src/config[.]ts$' },
			to: {
				path: `${PURE_LIBRARIES}|${SETTINGS}|${VOCABULARY}|^src/(paths|unknown-settings)[.]ts$|^node_modules/dotenv/|^(fs|path)$`,
			},
		},
		{
			from: { path: '^src/log[.]ts$' },
			to: { path: '^src/triage/redact-secrets[.]ts$|^node_modules/pino(-pretty)?/' },
		},
		{ from: { path: '^src/paths[.]ts$' }, to: { path: '^(fs|path|url)$' } },
		{ from: { path: '^src/unknown-settings[.]ts$' }, to: { path: '^src/unknown-settings[.]ts$' } },

		// Composition may import anything (it is where the layers meet).
		{ from: { path: COMPOSITION }, to: { path: '^src/|^node_modules/|^[a-z_]+$' } },
	],
	options: {
		doNotFollow: { path: '^node_modules' },
		tsPreCompilationDeps: true,
		tsConfig: { fileName: 'tsconfig.json' },
		enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
	},
};
