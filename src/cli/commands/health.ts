import { parseConfig, readEnvironment } from '../../config.js';
import { defaultMigrationsDir } from '../../paths.js';
import { readMigrations } from '../../store/migrate.js';
import { openStore } from '../../store/open.js';
import type { CliCommand } from '../command.js';

/** Used by the Docker HEALTHCHECK: the database opens, is at the current schema, and takes a write. */
export const command: CliCommand = {
	name: 'health',
	summary: 'check that the database is reachable, current and writable (exit 0 when healthy)',
	usage: 'doorman health',
	async run(_args, io) {
		const config = parseConfig(readEnvironment(io.cwd), io.cwd);
		if (!config.ok) {
			io.stderr(`unhealthy: configuration: ${config.problems.join('; ')}\n`);
			return 1;
		}
		const { db } = openStore(config.config.databasePath, { migrate: false });
		try {
			const version = Number(db.pragma('user_version', { simple: true }));
			const latest = readMigrations(defaultMigrationsDir()).length;
			if (version !== latest) {
				io.stderr(`unhealthy: schema version ${version}, expected ${latest}; run doorman migrate\n`);
				return 1;
			}
			db.exec('BEGIN IMMEDIATE; ROLLBACK;');
			io.stdout('healthy\n');
			return 0;
		} finally {
			db.close();
		}
	},
};
