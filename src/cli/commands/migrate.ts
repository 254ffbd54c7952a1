import { parseArgs } from 'node:util';
import { formatConfigProblems, parseConfig, readEnvironment } from '../../config.js';
import { openStore } from '../../store/open.js';
import { type CliCommand, EXIT_USAGE } from '../command.js';

export const command: CliCommand = {
	name: 'migrate',
	summary: 'apply pending database migrations and print the schema version',
	usage: 'doorman migrate [--db FILE]',
	async run(args, io) {
		let values: { db?: string | undefined };
		try {
			({ values } = parseArgs({ args: [...args], options: { db: { type: 'string' } }, strict: true }));
		} catch (error) {
			io.stderr(`doorman migrate: ${error instanceof Error ? error.message : String(error)}\nusage: ${this.usage}\n`);
			return EXIT_USAGE;
		}
		const env = readEnvironment(io.cwd);
		const config = parseConfig(values.db === undefined ? env : { ...env, DATABASE_PATH: values.db }, io.cwd);
		if (!config.ok) {
			io.stderr(`doorman migrate: ${formatConfigProblems(config.problems)}\n`);
			return 1;
		}
		const { db, migration } = openStore(config.config.databasePath);
		db.close();
		const applied = migration.applied.length === 0 ? 'nothing to apply' : `applied ${migration.applied.join(', ')}`;
		io.stdout(`${config.config.databasePath}: schema version ${migration.to} (was ${migration.from}); ${applied}\n`);
		return 0;
	},
};
