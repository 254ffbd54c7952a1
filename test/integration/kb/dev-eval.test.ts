import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createBaseline } from '../../../src/eval/baseline.js';
import { parseEvalCases } from '../../../src/eval/dataset.js';
import { HIGH_CONFIDENCE, runEval } from '../../../src/eval/run-eval.js';
import { openKb } from '../../../src/kb/load.js';
import { defaultKbDir } from '../../../src/paths.js';
import { triagePost } from '../../../src/triage/index.js';

const open = openKb(defaultKbDir());
afterAll(() => open.close());

function evaluate(file: string) {
	const { cases, problems } = parseEvalCases(readFileSync(path.join(import.meta.dirname, 'fixtures', file), 'utf8'));
	expect(problems).toEqual([]);
	return runEval(cases, {
		triage: triagePost,
		kb: open.kb,
		index: open.index,
		baseline: createBaseline(open.entries),
	});
}

describe('evaluation on dev.jsonl (31 real labelled reports, through triage → match → compose)', () => {
	const report = evaluate('dev.jsonl');
	const misses = report.ours.predictions.filter((p) => !p.correct).map((p) => `${p.id}: ${p.cause ?? 'abstained'}`);

	it('meets the targets: top-1 >= 0.90 and no wrong answer at confidence >= 0.8', () => {
		expect(report.ours.score.cases).toBe(31);
		expect(report.ours.score.accuracy, misses.join('\n')).toBeGreaterThanOrEqual(0.9);
		expect(report.ours.score.wrongHighConfidence).toBe(0);
		expect(HIGH_CONFIDENCE).toBe(0.8);
	});

	it('cites only pages of the predicted entry', () => {
		expect(report.ours.score.citationsOk).toBe(report.ours.score.cited);
	});

	it('beats the BM25 baseline on accuracy and on confident mistakes', () => {
		expect(report.ours.score.accuracy).toBeGreaterThan(report.baseline.score.accuracy);
		expect(report.ours.score.wrongHighConfidence).toBeLessThan(report.baseline.score.wrongHighConfidence);
	});
});

describe('evaluation on held-out reports written from the fact sheet (other wrappers, languages, look-alikes)', () => {
	const report = evaluate('held-out.jsonl');

	it('stays accurate, abstains where the text cannot tell, and is never confidently wrong', () => {
		const misses = report.ours.predictions.filter((p) => !p.correct).map((p) => `${p.id}: ${p.cause ?? 'abstained'}`);
		expect(report.ours.score.accuracy, misses.join('\n')).toBeGreaterThanOrEqual(0.9);
		expect(report.ours.score.wrongHighConfidence).toBe(0);
		expect(report.ours.predictions.filter((p) => p.underdetermined && !p.abstained).map((p) => p.id)).toEqual([]);
		expect(report.ours.score.accuracy).toBeGreaterThan(report.baseline.score.accuracy);
	});
});
