import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createBaseline } from '../src/eval/baseline.js';
import { parseEvalCases } from '../src/eval/dataset.js';
import { predictBaseline, predictCase, scorePredictions } from '../src/eval/run-eval.js';
import { openKb } from '../src/kb/load.js';
import { defaultKbDir, packageRoot } from '../src/paths.js';
import { triagePost } from '../src/triage/index.js';
import { type BenchResult, summarise } from './types.js';

/**
 * Doorman (triage → match → compose) and the BM25 baseline of `doorman eval`, run side by side on
 * the same cases in one process: time per case and accuracy, and the ratios between them.
 */
export async function runBaselineBench(options: { rounds?: number; file?: string } = {}): Promise<BenchResult[]> {
	const file = options.file ?? path.join(packageRoot(), '..', 'shared', 'eval', 'dev.jsonl');
	const { cases } = parseEvalCases(readFileSync(file, 'utf8'));
	const open = openKb(defaultKbDir());
	const baseline = createBaseline(open.entries);
	const deps = { triage: triagePost, kb: open.kb, index: open.index, baseline };
	const rounds = options.rounds ?? 20;
	const ours: number[] = [];
	const theirs: number[] = [];
	for (let r = 0; r < rounds; r++) {
		for (const c of cases) {
			const t0 = performance.now();
			predictCase(c, deps);
			const t1 = performance.now();
			predictBaseline(c, deps);
			theirs.push(performance.now() - t1);
			ours.push(t1 - t0);
		}
	}
	const oursScore = scorePredictions(cases.map((c) => predictCase(c, deps)));
	const theirScore = scorePredictions(cases.map((c) => predictBaseline(c, deps)));
	open.close();
	const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
	const ratio = `time ratio ours/baseline ${(mean(ours) / mean(theirs)).toFixed(2)}, accuracy ratio ${(oursScore.accuracy / theirScore.accuracy).toFixed(3)}`;
	return [
		summarise(
			`doorman per case (${cases.length} dev cases)`,
			ours,
			`accuracy ${oursScore.accuracy.toFixed(3)}, wrong@≥0.8 ${oursScore.wrongHighConfidence}; ${ratio}`,
		),
		summarise(
			`BM25 baseline per case (${cases.length} dev cases)`,
			theirs,
			`accuracy ${theirScore.accuracy.toFixed(3)}, wrong@≥0.8 ${theirScore.wrongHighConfidence}`,
		),
	];
}
