/** Where a CLI command reads and writes; injected so commands are testable without a real terminal. */
export interface CliIo {
	stdout: (s: string) => void;
	stderr: (s: string) => void;
	readStdin: () => Promise<string>;
	cwd: string;
}

/** One `doorman <name>` sub-command. `run` returns the process exit code. */
export interface CliCommand {
	name: string;
	summary: string;
	usage: string;
	run(args: readonly string[], io: CliIo): Promise<number>;
}

/** Exit code for bad command-line usage (as in BSD sysexits' EX_USAGE spirit, kept simple). */
export const EXIT_USAGE = 2;
