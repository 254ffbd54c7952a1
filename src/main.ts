/** `npm start`: the same as `doorman start` (real Discord with a token, the offline demo without). */
import { command as start } from './cli/commands/start.js';
import { processIo } from './cli/process-io.js';
import { runCli } from './cli/run-cli.js';
import { readEnvironment } from './config.js';

const isDebug = readEnvironment().LOG_LEVEL === 'debug';
process.exitCode = await runCli(['start', ...process.argv.slice(2)], [start], processIo, isDebug);
