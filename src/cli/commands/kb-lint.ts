import path from 'node:path';
import { formatProblem, KbError } from '../../kb/errors.js';
import { type KbFolder, lintKbFolder, readKbFolder } from '../../kb/load.js';
import { type CliCommand, EXIT_USAGE } from '../command.js';
import { parseKbDirArgs } from '../kb-dir-args.js';

const USAGE = 'doorman kb lint [--kb DIR]';

/** `doorman kb lint`: checks every KB file; prints `file:line: problem` lines and exits 1 on any problem. */
export const command: CliCommand = {
	name: 'kb-lint',
	summary: 'check every knowledge-base file (entries, cases, concepts, calibration); exit 1 on problems',
	usage: USAGE,
	async run(args, io) {
		const parsed = parseKbDirArgs(args, io.cwd);
		if ('problem' in parsed) {
			io.stderr(`doorman kb lint: ${parsed.problem}\nusage: ${USAGE}\n`);
			return EXIT_USAGE;
		}
		const { dir } = parsed;
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
