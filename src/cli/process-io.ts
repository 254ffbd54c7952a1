import { readFileSync } from 'node:fs';
import type { CliIo } from './command.js';

/** The real terminal: stdout, stderr, stdin and the working directory of this process. */
export const processIo: CliIo = {
	stdout: (s) => process.stdout.write(s),
	stderr: (s) => process.stderr.write(s),
	readStdin: async () => readFileSync(0, 'utf8'),
	cwd: process.cwd(),
};
