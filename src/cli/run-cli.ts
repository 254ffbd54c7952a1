import type { CliCommand, CliIo } from './command.js';
import { EXIT_USAGE } from './command.js';

/**
 * Dispatches `doorman <command> [args]`. Two-word commands (`kb lint`) are registered as `kb-lint`.
 * Operator errors that carry a `code` (config, store, KB) print one line; anything else is a bug.
 */
export async function runCli(
	argv: readonly string[],
	commands: readonly CliCommand[],
	io: CliIo,
	isDebug: boolean,
): Promise<number> {
	const [first, second, ...rest] = argv;
	const byName = new Map(commands.map((c) => [c.name, c]));
	if (first === undefined || first === 'help' || first === '--help' || first === '-h') {
		io.stdout(helpText(commands));
		return first === undefined ? EXIT_USAGE : 0;
	}
	const twoWord = second === undefined ? undefined : byName.get(`${first}-${second}`);
	const command = twoWord ?? byName.get(first);
	if (command === undefined) {
		io.stderr(`doorman: unknown command '${first}'\n\n${helpText(commands)}`);
		return EXIT_USAGE;
	}
	const args = twoWord ? rest : argv.slice(1);
	try {
		return await command.run(args, io);
	} catch (error) {
		io.stderr(`${describeFailure(error, isDebug)}\n`);
		return 1;
	}
}

/** One line for an operator error (it has a `code`), the stack too when debugging. */
export function describeFailure(error: unknown, isDebug: boolean): string {
	if (error instanceof Error) {
		const code = 'code' in error && typeof error.code === 'string' ? ` [${error.code}]` : '';
		const line = `doorman: ${error.message}${code}`;
		return isDebug && error.stack ? `${line}\n${error.stack}` : line;
	}
	return `doorman: ${String(error)}`;
}

function helpText(commands: readonly CliCommand[]): string {
	const width = Math.max(...commands.map((c) => c.usage.length));
	const lines = commands.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`);
	return `Doorman: a Discord support bot for LLM-API communities.\n\nusage:\n${lines.join('\n')}\n`;
}
