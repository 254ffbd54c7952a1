import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openStore } from '../../store/open.js';
import { readReportInput } from '../../store/report-data.js';
import { buildGapReport } from '../../thread/gap-report.js';
import { formatReportText, parseSince } from '../../thread/gap-report-text.js';
import { type CliCommand, EXIT_USAGE } from '../command.js';
import { commandConfig } from '../command-config.js';
import { chartJsSource, renderReportHtml } from '../report-html.js';

const USAGE = 'doorman report [--since 30d|8w|DATE] [--json | --html FILE] [--db FILE]';

/** `doorman report`: the knowledge-gap report over the database, as text, JSON or one self-contained HTML page. */
export const command: CliCommand = {
	name: 'report',
	summary: 'the knowledge-gap report: what came in, what the bot answered, and the errors it could not place',
	usage: USAGE,
	async run(args, io) {
		let values: { since?: string; json?: boolean; html?: string; db?: string };
		try {
			const parsed = parseArgs({
				args: [...args],
				options: {
					since: { type: 'string' },
					json: { type: 'boolean' },
					html: { type: 'string' },
					db: { type: 'string' },
				},
				allowPositionals: false,
				strict: true,
			});
			values = parsed.values;
		} catch (error) {
			io.stderr(`doorman report: ${error instanceof Error ? error.message : String(error)}\nusage: ${USAGE}\n`);
			return EXIT_USAGE;
		}
		if (values.json === true && values.html !== undefined) {
			io.stderr(`doorman report: --json and --html go one at a time\nusage: ${USAGE}\n`);
			return EXIT_USAGE;
		}
		const now = Date.now();
		const since = parseSince(values.since ?? '30d', now);
		if (since === null) {
			io.stderr(`doorman report: --since must be like 30d, 8w or 2026-01-31\nusage: ${USAGE}\n`);
			return EXIT_USAGE;
		}
		const config = commandConfig(io, 'doorman report', values.db);
		if (config === null) return 1;
		const { db } = openStore(config.databasePath);
		let report: ReturnType<typeof buildGapReport>;
		try {
			report = buildGapReport(readReportInput(db, since, now));
		} finally {
			db.close();
		}
		if (values.json === true) {
			io.stdout(`${JSON.stringify(report)}\n`);
			return 0;
		}
		if (values.html !== undefined) {
			const file = path.resolve(io.cwd, values.html);
			writeFileSync(file, renderReportHtml(report, chartJsSource()));
			io.stdout(`wrote ${file}\n`);
			return 0;
		}
		// In MODERATOR_LANGUAGE when the operator set it (the text moderators read), English otherwise.
		io.stdout(formatReportText(report, undefined, config.moderatorLanguage));
		return 0;
	},
};
