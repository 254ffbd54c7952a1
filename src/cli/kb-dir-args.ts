import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { defaultKbDir } from '../paths.js';

/** The arguments of a `doorman kb …` command: the KB folder and its boolean flags. */
export interface KbDirArgs {
	readonly dir: string;
	readonly flags: ReadonlySet<string>;
}

const DirSchema = z.string().min(1, '--kb needs a directory').optional();

/**
 * Parses `[--kb DIR] [--FLAG …]` (no positionals): the folder resolved against `cwd`, or the shipped KB. Returns the
 * problem to print with the usage instead of throwing.
 */
export function parseKbDirArgs(
	args: readonly string[],
	cwd: string,
	booleanFlags: readonly string[] = [],
): KbDirArgs | { readonly problem: string } {
	try {
		const { values, positionals } = parseArgs({
			args: [...args],
			options: {
				kb: { type: 'string' },
				...Object.fromEntries(booleanFlags.map((f) => [f, { type: 'boolean' as const }])),
			},
			allowPositionals: true,
			strict: true,
		});
		if (positionals.length > 0) throw new Error(`unexpected argument '${positionals[0]}'`);
		const given: Readonly<Record<string, unknown>> = values;
		const kb = DirSchema.parse(given.kb);
		return {
			dir: kb === undefined ? defaultKbDir() : path.resolve(cwd, kb),
			flags: new Set(booleanFlags.filter((f) => given[f] === true)),
		};
	} catch (error) {
		const message = error instanceof z.ZodError ? (error.issues[0]?.message ?? 'bad arguments') : String(error);
		return { problem: message.replace(/^Error: /, '') };
	}
}
