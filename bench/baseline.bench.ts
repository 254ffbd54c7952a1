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
 * Doorman (triage → match → compose) and the BM25 baseline of `doorman eval` on the same dev cases, each timed in a
 * loop of its own: time per case and accuracy, and the ratios between them. Larger KBs: the `scale` suite.
 */
export async function runBaselineBench(options: { rounds?: number; file?: string } = {}): Promise<BenchResult[]> {
	const file = options.file ?? path.join(packageRoot(), '..', 'shared', 'eval', 'dev.jsonl');
	const { cases } = parseEvalCases(readFileSync(file, 'utf8'));
	const open = openKb(defaultKbDir());
	const baseline = createBaseline(open.entries);
	const deps = { triage: triagePost, kb: open.kb, index: open.index, baseline };
	const rounds = options.rounds ?? 20;
	// Each system in a loop of its own (warmed up first), so neither runs in the other's caches or garbage.
	const timeAll = (predict: (c: (typeof cases)[number]) => unknown): number[] => {
		for (const c of cases) predict(c);
		const out: number[] = [];
		for (let r = 0; r < rounds; r++)
			for (const c of cases) {
				const t0 = performance.now();
				predict(c);
				out.push(performance.now() - t0);
			}
		return out;
	};
	const ours = timeAll((c) => predictCase(c, deps));
	const theirs = timeAll((c) => predictBaseline(c, deps));
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
