import { parseArgs } from 'node:util';
import { openStore } from '../../store/open.js';
import { type CliCommand, EXIT_USAGE } from '../command.js';
import { commandConfig } from '../command-config.js';

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
		const config = commandConfig(io, 'doorman migrate', values.db);
		if (config === null) return 1;
		const { db, migration } = openStore(config.databasePath);
		db.close();
		const applied = migration.applied.length === 0 ? 'nothing to apply' : `applied ${migration.applied.join(', ')}`;
		io.stdout(`${config.databasePath}: schema version ${migration.to} (was ${migration.from}); ${applied}\n`);
		return 0;
	},
};
