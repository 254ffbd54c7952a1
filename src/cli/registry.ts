import type { CliCommand } from './command.js';
import { command as escalations } from './commands/escalations.js';
import { command as health } from './commands/health.js';
import { command as migrate } from './commands/migrate.js';
import { command as simulate } from './commands/simulate.js';
import { command as start } from './commands/start.js';

/** Explicit registration: every sub-command, in the order `doorman help` lists them. */
export const COMMANDS: readonly CliCommand[] = [start, simulate, escalations, migrate, health];
