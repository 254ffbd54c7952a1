import type { CliIo } from '../../src/cli/command.js';

export interface CapturedIo extends CliIo {
	out: () => string;
	err: () => string;
}

/** A CliIo that records what a command prints. */
export function captureIo(cwd: string, stdin = ''): CapturedIo {
	let out = '';
	let err = '';
	return {
		stdout: (s) => {
			out += s;
		},
		stderr: (s) => {
			err += s;
		},
		readStdin: async () => stdin,
		cwd,
		out: () => out,
		err: () => err,
	};
}
