import { type Config, formatConfigProblems, parseConfig, readEnvironment } from '../config.js';
import type { CliIo } from './command.js';

/**
 * The configuration a command runs with: the environment (with `.env`) of `io.cwd`, and `db` (a `--db` option) over
 * DATABASE_PATH when given. Null once the problems are printed as `<command>: configuration problems: …` (the
 * command then exits 1).
 */
export function commandConfig(io: CliIo, command: string, db?: string): Config | null {
	const env = readEnvironment(io.cwd);
	const parsed = parseConfig(db === undefined ? env : { ...env, DATABASE_PATH: db }, io.cwd);
	if (parsed.ok) return parsed.config;
	io.stderr(`${command}: ${formatConfigProblems(parsed.problems)}\n`);
	return null;
}
