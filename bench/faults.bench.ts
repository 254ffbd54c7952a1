import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { packageRoot } from '../src/paths.js';
import {
	PLANTED_KEYS_SUMMARY_ENV,
	type PlantedKeysSummary,
	PlantedKeysSummarySchema,
} from '../test/support/planted-keys-summary.js';
import { type BenchResult, summarise } from './types.js';

/** The end-to-end fault tests whose figures the issue wants in BENCHMARKS.md (they spawn and kill the real bot). */
const CRASH_TESTS = 'test/e2e/crash-handoff.test.ts';
const PLANTED_KEYS_TEST = 'test/e2e/planted-keys.test.ts';
/** Vitest's JSON reporter, the fields read here. */
const ReportSchema = z.object({
	testResults: z.array(
		z.object({
			name: z.string(),
			assertionResults: z.array(
				z.object({ title: z.string(), status: z.string(), duration: z.number().nullable().optional() }),
			),
		}),
	),
});

/** `SIGKILL before …, restarted at once: what it shows` → the state killed at, without the restart or the outcome. */
const killPoint = (title: string): string =>
	title
		.replace(/,? restarted (at once|after the nonce window)/, '')
		.replace(/: .*$/, '')
		.trim();

/**
 * Runs the crash (kill-point) and planted-key end-to-end tests as they are, through vitest with its JSON reporter,
 * and turns their results into rows: every case passing or not, its wall time (start, kill, restart, settle), the
 * distinct kill points and restarts covered; and the key formats × places planted and the sinks scanned, as the test
 * itself reports them. The figures come from these runs, not from a hand-written note.
 */
export async function runFaultsBench(): Promise<BenchResult[]> {
	const dir = mkdtempSync(path.join(tmpdir(), 'doorman-faults-'));
	try {
		const report = path.join(dir, 'vitest.json');
		const summaryFile = path.join(dir, 'planted-keys.json');
		const root = packageRoot();
		const run = spawnSync(
			process.execPath,
			[
				path.join(root, 'node_modules/vitest/vitest.mjs'),
				'run',
				CRASH_TESTS,
				PLANTED_KEYS_TEST,
				'--reporter=json',
				`--outputFile=${report}`,
			],
			{ cwd: root, env: { ...process.env, [PLANTED_KEYS_SUMMARY_ENV]: summaryFile }, encoding: 'utf8' },
		);
		let parsed: z.infer<typeof ReportSchema>;
		try {
			parsed = ReportSchema.parse(JSON.parse(readFileSync(report, 'utf8')));
		} catch (error) {
			throw new Error(
				`faults: no vitest report (${String(error)})\n${run.stdout.slice(-2000)}${run.stderr.slice(-2000)}`,
			);
		}
		const casesOf = (file: string) =>
			parsed.testResults.filter((r) => r.name.endsWith(file)).flatMap((r) => r.assertionResults);
		const crash = casesOf(CRASH_TESTS);
		const crashPassed = crash.filter((c) => c.status === 'passed');
		const points = [...new Set(crash.map((c) => killPoint(c.title)))];
		const restarts = ['at once', 'after the nonce window'].filter((r) => crash.some((c) => c.title.includes(r)));
		const rows: BenchResult[] = [
			summarise(
				'faults: crash kill points (real process killed at a chosen state, restarted), wall time per case',
				crash.map((c) => c.duration ?? Number.NaN),
				`${crashPassed.length} of ${crash.length} cases pass (each: every reply, queue message and redacted repost on ` +
					`Discord once, at most one email, the tag set and the key deleted or reported); ${points.length} kill points ` +
					`(SIGKILL, or SIGTERM whose stop grace runs out), restarts ${restarts.join(' and ')}: ${points.join('; ')}`,
			),
		];
		const planted = casesOf(PLANTED_KEYS_TEST);
		let summary: PlantedKeysSummary | null = null;
		try {
			summary = PlantedKeysSummarySchema.parse(JSON.parse(readFileSync(summaryFile, 'utf8')));
		} catch {
			summary = null;
		}
		const passed = planted.filter((c) => c.status === 'passed').length;
		rows.push(
			summarise(
				'faults: planted keys, formats × places planted through the real path, sinks scanned',
				planted.map((c) => c.duration ?? Number.NaN),
				summary === null
					? `the test wrote no summary (${passed} of ${planted.length} passed)`
					: `${summary.formats} formats × ${summary.places.length} places = ${summary.formats * summary.places.length} plantings ` +
							`(${summary.places.join(', ')}); scanned in ${summary.sinks.length} sinks (${summary.sinks.join(', ')}): ` +
							`${summary.leaks} leaks; test ${passed === planted.length && passed > 0 ? 'passes' : 'FAILS'}`,
			),
		);
		return rows;
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
