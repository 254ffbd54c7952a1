import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { type Db, openStore } from '../../store/open.js';
import { backupTo, purgeOlderThan } from '../../store/retention.js';
import { type CliCommand, EXIT_USAGE } from '../command.js';
import { commandConfig } from '../command-config.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export const purge: CliCommand = {
	name: 'purge',
	summary: 'delete data older than the retention period now (the bot also does it daily)',
	usage: 'doorman purge [--days N] [--db FILE]',
	async run(args, io) {
		let values: { days?: string | undefined; db?: string | undefined };
		try {
			({ values } = parseArgs({ args: [...args], options: { days: { type: 'string' }, db: { type: 'string' } } }));
		} catch (error) {
			io.stderr(`doorman purge: ${error instanceof Error ? error.message : String(error)}\nusage: ${this.usage}\n`);
			return EXIT_USAGE;
		}
		const days = z.coerce.number().int().min(1).max(3650).optional().safeParse(values.days);
		if (!days.success) {
			io.stderr(`doorman purge: --days must be a whole number from 1 to 3650\nusage: ${this.usage}\n`);
			return EXIT_USAGE;
		}
		const config = commandConfig(io, 'doorman purge', values.db);
		if (config === null) return 1;
		const keep = days.data ?? config.retentionDays;
		const { db } = openStore(config.databasePath);
		try {
			const report = purgeOlderThan(db, Date.now() - keep * DAY_MS);
			const parts = Object.entries(report).map(([k, n]) => `${k} ${n}`);
			io.stdout(`purged data older than ${keep} day(s): ${parts.join(', ')}\n`);
			return 0;
		} finally {
			db.close();
		}
	},
};

export const backup: CliCommand = {
	name: 'backup',
	summary: 'write a consistent copy of the database to FILE (safe while the bot runs)',
	usage: 'doorman backup FILE [--db FILE]',
	async run(args, io) {
		let parsed: { values: { db?: string | undefined }; positionals: string[] };
		try {
			parsed = parseArgs({ args: [...args], options: { db: { type: 'string' } }, allowPositionals: true });
		} catch (error) {
			io.stderr(`doorman backup: ${error instanceof Error ? error.message : String(error)}\nusage: ${this.usage}\n`);
			return EXIT_USAGE;
		}
		const [target, ...extra] = parsed.positionals;
		if (target === undefined || extra.length > 0) {
			io.stderr(`doorman backup: give exactly one target file\nusage: ${this.usage}\n`);
			return EXIT_USAGE;
		}
		const config = commandConfig(io, 'doorman backup', parsed.values.db);
		if (config === null) return 1;
		const file = path.resolve(io.cwd, target);
		if (file === config.databasePath) {
			io.stderr('doorman backup: the target is the database itself; choose another file\n');
			return 1;
		}
		let db: Db;
		try {
			({ db } = openStore(config.databasePath));
		} catch (error) {
			io.stderr(`doorman backup: ${error instanceof Error ? error.message : String(error)}\n`);
			return 1;
		}
		try {
			await backupTo(db, file);
			io.stdout(`backed up ${config.databasePath} to ${file} (verified with quick_check)\n`);
			return 0;
		} catch (error) {
			io.stderr(`doorman backup: ${error instanceof Error ? error.message : String(error)}\n`);
			return 1;
		} finally {
			db.close();
		}
	},
};
