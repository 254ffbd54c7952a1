import type { CliCommand } from './command.js';

/**
 * A command whose module is imported only when it runs: `doorman triage` must not pay for discord.js, the store,
 * the mailer and the LLM client that other commands use. Name, summary and usage are restated here for `help`;
 * test/cli/command-registry.test.ts checks that they match the module's own.
 */
export interface LazyCommand extends CliCommand {
	/** Imports the command's module. */
	load(): Promise<CliCommand>;
}

function lazy(meta: Omit<CliCommand, 'run'>, load: () => Promise<CliCommand>): LazyCommand {
	return { ...meta, load, run: async (args, io) => (await load()).run(args, io) };
}

/** Explicit registration: every sub-command, in the order `doorman help` lists them. */
export const COMMANDS: readonly LazyCommand[] = [
	lazy(
		{ name: 'start', summary: 'run the bot (the offline demo when DISCORD_TOKEN is unset)', usage: 'doorman start' },
		async () => (await import('./commands/start.js')).command,
	),
	lazy(
		{
			name: 'simulate',
			summary: 'play a scenario file against the real bot on a local Discord and print the transcript',
			usage: 'doorman simulate SCENARIO.json [--json] [--db FILE]',
		},
		async () => (await import('./commands/simulate.js')).command,
	),
	lazy(
		{
			name: 'triage',
			summary: 'read one post (FILE or stdin) and print the reply the bot would post (--json: the facts behind it)',
			usage:
				'doorman triage [FILE] [--json] [--kb DIR] [--threshold N] [--db FILE]   (FILE may be a screenshot: png, jpg, webp, gif; --db: community cases take part)',
		},
		async () => (await import('./commands/triage.js')).command,
	),
	lazy(
		{
			name: 'eval',
			summary: 'score the bot and a BM25 baseline on labelled reports (JSONL); exit 0 whatever the score',
			usage:
				'doorman eval FILE.jsonl [--predictions] [--kb DIR] [--threshold N] [--llm]\n       doorman eval --cv K [--predictions] [--kb DIR] [--threshold N]',
		},
		async () => (await import('./commands/eval.js')).command,
	),
	lazy(
		{
			name: 'kb-lint',
			summary: 'check every knowledge-base file (entries, cases, concepts, calibration); exit 1 on problems',
			usage: 'doorman kb lint [--kb DIR]',
		},
		async () => (await import('./commands/kb-lint.js')).command,
	),
	lazy(
		{
			name: 'kb-calibrate',
			summary: 'measure the confidence calibration on the case base and write kb/calibration.json (--check: verify it)',
			usage: 'doorman kb calibrate [--kb DIR] [--check]',
		},
		async () => (await import('./commands/kb-calibrate.js')).command,
	),
	lazy(
		{
			name: 'escalations',
			summary: "list, show or resolve escalations in the moderators' queue",
			usage: 'doorman escalations list|show|resolve …',
		},
		async () => (await import('./commands/escalations.js')).command,
	),
	lazy(
		{
			name: 'cases',
			summary: 'list, withdraw, export (kb/cases format) or import community cases learned from resolved threads',
			usage: 'doorman cases list|withdraw|export|import …',
		},
		async () => (await import('./commands/cases.js')).command,
	),
	lazy(
		{
			name: 'report',
			summary: 'the knowledge-gap report: what came in, what the bot answered, and the errors it could not place',
			usage: 'doorman report [--since 30d|8w|DATE] [--json | --html FILE] [--db FILE]',
		},
		async () => (await import('./commands/report.js')).command,
	),
	lazy(
		{
			name: 'migrate',
			summary: 'apply pending database migrations and print the schema version',
			usage: 'doorman migrate [--db FILE]',
		},
		async () => (await import('./commands/migrate.js')).command,
	),
	lazy(
		{
			name: 'purge',
			summary: 'delete data older than the retention period now (the bot also does it daily)',
			usage: 'doorman purge [--days N] [--db FILE]',
		},
		async () => (await import('./commands/data.js')).purge,
	),
	lazy(
		{
			name: 'backup',
			summary: 'write a consistent copy of the database to FILE (safe while the bot runs)',
			usage: 'doorman backup FILE [--db FILE]',
		},
		async () => (await import('./commands/data.js')).backup,
	),
	lazy(
		{
			name: 'health',
			summary: 'check that the database is reachable, current, writable and intact (exit 0 when healthy)',
			usage: 'doorman health',
		},
		async () => (await import('./commands/health.js')).command,
	),
];
