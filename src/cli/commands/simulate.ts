import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadAdvisor } from '../../advisor.js';
import { createLogger } from '../../log.js';
import { formatTranscript } from '../../simulate/format.js';
import { SimulationError, simulate } from '../../simulate/run.js';
import { parseScenario, type Scenario, type Transcript } from '../../simulate/scenario.js';
import { type CliCommand, EXIT_USAGE } from '../command.js';
import { commandConfig } from '../command-config.js';

export const command: CliCommand = {
	name: 'simulate',
	summary: 'play a scenario file against the real bot on a local Discord and print the transcript',
	usage: 'doorman simulate SCENARIO.json [--json] [--db FILE]',
	async run(args, io) {
		let parsed: { values: { json?: boolean | undefined; db?: string | undefined }; positionals: string[] };
		try {
			parsed = parseArgs({
				args: [...args],
				options: { json: { type: 'boolean' }, db: { type: 'string' } },
				allowPositionals: true,
			});
		} catch (error) {
			io.stderr(`doorman simulate: ${error instanceof Error ? error.message : String(error)}\nusage: ${this.usage}\n`);
			return EXIT_USAGE;
		}
		const [file, ...extra] = parsed.positionals;
		if (file === undefined || extra.length > 0) {
			io.stderr(`doorman simulate: give exactly one scenario file\nusage: ${this.usage}\n`);
			return EXIT_USAGE;
		}
		const db = parsed.values.db === undefined ? undefined : path.resolve(io.cwd, parsed.values.db);
		// The scenario runs on a fresh local Discord: a database from another run would hold threads it never had.
		if (db !== undefined && existsSync(db)) {
			io.stderr(`doorman simulate: --db ${parsed.values.db} already exists; name a new file (or remove it)\n`);
			return 1;
		}
		let input: unknown;
		try {
			input = JSON.parse(readFileSync(path.resolve(io.cwd, file), 'utf8'));
		} catch (error) {
			io.stderr(`doorman simulate: cannot read ${file}: ${error instanceof Error ? error.message : String(error)}\n`);
			return 1;
		}
		const scenario = parseScenario(input);
		if (!scenario.ok) {
			io.stderr(
				`doorman simulate: ${file} is not a valid scenario:\n${scenario.problems.map((p) => `  - ${p}`).join('\n')}\n`,
			);
			return 1;
		}
		const baseDir = path.dirname(path.resolve(io.cwd, file));
		const missing = missingFiles(scenario.scenario, baseDir);
		if (missing.length > 0) {
			io.stderr(`doorman simulate: ${file} is not a valid scenario:\n${missing.map((p) => `  - ${p}`).join('\n')}\n`);
			return 1;
		}
		const config = commandConfig(io, 'doorman');
		if (config === null) return 1;
		const logger = createLogger({
			level: config.logLevel === 'debug' ? 'debug' : 'warn',
			format: 'json',
			destination: process.stderr,
		});
		let transcript: Transcript;
		try {
			transcript = await simulate(scenario.scenario, {
				config,
				logger,
				advisor: loadAdvisor(config),
				baseDir,
				...(db === undefined ? {} : { databasePath: db }),
			});
		} catch (error) {
			if (!(error instanceof SimulationError)) throw error;
			io.stderr(`doorman simulate: ${file}: ${error.message}\n`);
			return 1;
		}
		io.stdout(parsed.values.json === true ? `${JSON.stringify(transcript)}\n` : formatTranscript(transcript));
		return 0;
	},
};

/** Attachment files a scenario names that do not exist beside it, each as `steps[i].post.attachments[j].path: …`. */
function missingFiles(scenario: Scenario, baseDir: string): string[] {
	const problems: string[] = [];
	scenario.steps.forEach((step, i) => {
		const [kind, attachments] =
			'post' in step
				? ['post', step.post.attachments]
				: 'reply' in step
					? ['reply', step.reply.attachments]
					: [null, []];
		attachments.forEach((a, j) => {
			if ('path' in a && !existsSync(path.resolve(baseDir, a.path)))
				problems.push(`steps[${i}].${kind}.attachments[${j}].path: no file ${a.path} beside the scenario`);
		});
	});
	return problems;
}
