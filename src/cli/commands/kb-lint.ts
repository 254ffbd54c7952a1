import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { formatProblem, KbError } from '../../kb/errors.js';
import { type KbFolder, lintKbFolder, readKbFolder } from '../../kb/load.js';
import { defaultKbDir } from '../../paths.js';
import { type CliCommand, EXIT_USAGE } from '../command.js';

const USAGE = 'doorman kb lint [--kb DIR]';

const ArgsSchema = z.strictObject({
	kb: z.string().min(1, '--kb needs a directory').optional(),
});

/** `doorman kb lint`: checks every KB file; prints `file:line: problem` lines and exits 1 on any problem. */
export const command: CliCommand = {
	name: 'kb-lint',
	summary: 'check every knowledge-base file (entries, cases, concepts, calibration); exit 1 on problems',
	usage: USAGE,
	async run(args, io) {
		let dir: string;
		try {
			const { values, positionals } = parseArgs({
				args: [...args],
				options: { kb: { type: 'string' } },
				allowPositionals: true,
				strict: true,
			});
			if (positionals.length > 0) throw new Error(`unexpected argument '${positionals[0]}'`);
			const parsed = ArgsSchema.parse(values);
			dir = parsed.kb === undefined ? defaultKbDir() : path.resolve(io.cwd, parsed.kb);
		} catch (error) {
			const message = error instanceof z.ZodError ? (error.issues[0]?.message ?? 'bad arguments') : String(error);
			io.stderr(`doorman kb lint: ${message.replace(/^Error: /, '')}\nusage: ${USAGE}\n`);
			return EXIT_USAGE;
		}
		let folder: KbFolder;
		try {
			folder = readKbFolder(dir);
		} catch (error) {
			if (error instanceof KbError) {
				io.stderr(`doorman kb lint: ${error.message}\n`);
				return 1;
			}
			throw error;
		}
		const problems = lintKbFolder(folder);
		const shown = (file: string) => path.relative(io.cwd, file) || file;
		if (problems.length > 0) {
			for (const p of problems) io.stderr(`${formatProblem({ ...p, file: shown(p.file) })}\n`);
			io.stderr(`doorman kb lint: ${problems.length} problem(s) in ${shown(dir)}\n`);
			return 1;
		}
		const cases = folder.caseFiles.reduce((n, f) => n + f.cases.length, 0);
		io.stdout(
			`kb ok: ${folder.entryFiles.length} entries, ${cases} cases, ${folder.concepts.length} concepts in ${shown(dir)}\n`,
		);
		return 0;
	},
};
