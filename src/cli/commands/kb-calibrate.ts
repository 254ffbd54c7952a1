import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { calibrationFor, triageCases } from '../../eval/cross-validate.js';
import type { Calibration } from '../../kb/calibration.js';
import { KbError } from '../../kb/errors.js';
import { CALIBRATION_FILE, type OpenKb, openKb } from '../../kb/load.js';
import { triagePost } from '../../triage/index.js';
import { type CliCommand, EXIT_USAGE } from '../command.js';
import { parseKbDirArgs } from '../kb-dir-args.js';

const USAGE = 'doorman kb calibrate [--kb DIR] [--check]';

/** The calibration of an open KB's case base, measured leave-one-repository-out (deterministic). */
export function measureCalibration(kb: OpenKb): Calibration {
	return calibrationFor(kb.cases, triageCases(kb.cases, triagePost), {
		triage: triagePost,
		kb: kb.kb,
		index: kb.index,
	});
}

export const serialiseCalibration = (c: Calibration): string => `${JSON.stringify(c, null, '\t')}\n`;

/**
 * `doorman kb calibrate`: measures how often the matcher's top cause is right at each raw confidence, on predictions
 * that never saw their own repository's cases, and writes `kb/calibration.json`. `--check` only says whether the
 * file is current (CI runs it: a KB change without a new calibration fails).
 */
export const command: CliCommand = {
	name: 'kb-calibrate',
	summary: 'measure the confidence calibration on the case base and write kb/calibration.json (--check: verify it)',
	usage: USAGE,
	async run(args, io) {
		const parsed = parseKbDirArgs(args, io.cwd, ['check']);
		if ('problem' in parsed) {
			io.stderr(`doorman kb calibrate: ${parsed.problem}\nusage: ${USAGE}\n`);
			return EXIT_USAGE;
		}
		const { dir } = parsed;
		const check = parsed.flags.has('check');
		let kb: OpenKb;
		try {
			kb = openKb(dir);
		} catch (error) {
			if (error instanceof KbError) {
				io.stderr(`doorman kb calibrate: ${error.message}\n`);
				return 1;
			}
			throw error;
		}
		try {
			const file = path.join(dir, CALIBRATION_FILE);
			const measured = measureCalibration(kb);
			const text = serialiseCalibration(measured);
			if (check) {
				const current = kb.kb.calibration === null ? '' : serialiseCalibration(kb.kb.calibration);
				if (current !== text) {
					io.stderr(
						`doorman kb calibrate: ${path.relative(io.cwd, file) || file} is out of date with the KB; run doorman kb calibrate\n`,
					);
					return 1;
				}
				io.stdout(`calibration current: ${measured.cases} held-out predictions, ${measured.knots.length} knots\n`);
				return 0;
			}
			writeFileSync(file, text);
			io.stdout(
				`wrote ${path.relative(io.cwd, file) || file}: ${measured.cases} held-out predictions, ${measured.knots.length} knots\n`,
			);
			return 0;
		} finally {
			kb.close();
		}
	},
};
