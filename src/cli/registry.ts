import type { CliCommand } from './command.js';
import { command as cases } from './commands/cases.js';
import { backup, purge } from './commands/data.js';
import { command as escalations } from './commands/escalations.js';
import { command as evaluate } from './commands/eval.js';
import { command as health } from './commands/health.js';
import { command as kbCalibrate } from './commands/kb-calibrate.js';
import { command as kbLint } from './commands/kb-lint.js';
import { command as migrate } from './commands/migrate.js';
import { command as report } from './commands/report.js';
import { command as simulate } from './commands/simulate.js';
import { command as start } from './commands/start.js';
import { command as triage } from './commands/triage.js';

/** Explicit registration: every sub-command, in the order `doorman help` lists them. */
export const COMMANDS: readonly CliCommand[] = [
	start,
	simulate,
	triage,
	evaluate,
	kbLint,
	kbCalibrate,
	escalations,
	cases,
	report,
	migrate,
	purge,
	backup,
	health,
];
