import { parseConfig, readEnvironment } from '../../config.js';
import { defaultMigrationsDir } from '../../paths.js';
import { readMigrations } from '../../store/migrate.js';
import { type OpenedStore, openStore } from '../../store/open.js';
import { databaseProblems } from '../../store/storage-health.js';
import type { CliCommand } from '../command.js';

/**
 * Used by the Docker HEALTHCHECK. With HTTP_PORT set it asks the running bot's /healthz (gateway
 * connected, database writable); without, it checks the database opens, is current, takes a write that needs new
 * pages, and passes `quick_check`.
 */
export const command: CliCommand = {
	name: 'health',
	summary: 'check that the database is reachable, current, writable and intact (exit 0 when healthy)',
	usage: 'doorman health',
	async run(_args, io) {
		const config = parseConfig(readEnvironment(io.cwd), io.cwd);
		if (!config.ok) {
			io.stderr(`unhealthy: configuration: ${config.problems.join('; ')}\n`);
			return 1;
		}
		const http = config.config.http;
		if (http !== null && http.port !== 0) {
			const host = http.host === '0.0.0.0' ? '127.0.0.1' : http.host;
			try {
				const response = await fetch(`http://${host}:${http.port}/healthz`, { signal: AbortSignal.timeout(5000) });
				const body = await response.text();
				(response.ok ? io.stdout : io.stderr)(`${response.ok ? 'healthy' : 'unhealthy'}: ${body}\n`);
				return response.ok ? 0 : 1;
			} catch (error) {
				io.stderr(`unhealthy: no answer from /healthz (${error instanceof Error ? error.message : String(error)})\n`);
				return 1;
			}
		}
		let opened: OpenedStore;
		try {
			opened = openStore(config.config.databasePath, { migrate: false });
		} catch (error) {
			io.stderr(`unhealthy: ${error instanceof Error ? error.message : String(error)}\n`);
			return 1;
		}
		const { db } = opened;
		try {
			const version = Number(db.pragma('user_version', { simple: true }));
			const latest = readMigrations(defaultMigrationsDir()).length;
			if (version !== latest) {
				io.stderr(`unhealthy: schema version ${version}, expected ${latest}; run doorman migrate\n`);
				return 1;
			}
			// Read-only, full (a write that needs new pages fails) or corrupt (quick_check): not healthy.
			const problems = databaseProblems(db, { integrity: true });
			if (problems.length > 0) {
				io.stderr(`unhealthy: database: ${problems.join('; ')}\n`);
				return 1;
			}
			io.stdout('healthy\n');
			return 0;
		} finally {
			db.close();
		}
	},
};
