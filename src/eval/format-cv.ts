import { breakdown, type CrossValidation, type FoldPrediction, reliability } from './cross-validate.js';
import { formatEvalTable } from './format.js';

const pct = (n: number, d: number): string => (d === 0 ? '  -  ' : (n / d).toFixed(3));

/** Abstentions on cases whose text does tell the cause (the bot should have answered). */
export function determinableAbstention(predictions: readonly FoldPrediction[]): { abstained: number; cases: number } {
	const determinable = predictions.filter((p) => !p.underdetermined);
	return { abstained: determinable.filter((p) => p.abstained).length, cases: determinable.length };
}

function table(
	title: string,
	rows: { key: string; cases: number; right: number }[],
	base: Map<string, number>,
): string[] {
	const w = Math.max(12, ...rows.map((r) => r.key.length));
	return [
		title,
		`  ${'value'.padEnd(w)}  cases  doorman  baseline`,
		...rows.map(
			(r) =>
				`  ${r.key.padEnd(w)}  ${String(r.cases).padStart(5)}  ${pct(r.right, r.cases).padStart(7)}  ${pct(base.get(r.key) ?? 0, r.cases).padStart(8)}`,
		),
	];
}

const rightBy = (predictions: readonly FoldPrediction[], key: (p: FoldPrediction) => string): Map<string, number> =>
	new Map(breakdown(predictions, key).map((r) => [r.key, r.right]));

/** `doorman eval --cv K`: the eval table, then accuracy by language and vendor, abstention and reliability. */
export function formatCrossValidation(cv: CrossValidation, source: string): string {
	const lines: string[] = [];
	lines.push(
		formatEvalTable(
			{
				ours: { predictions: cv.ours, score: cv.oursScore },
				baseline: { predictions: cv.baseline, score: cv.baselineScore },
			},
			`${source}, grouped ${cv.folds}-fold cross-validation over ${cv.groups} repositories/forums (a group's cases are never on both sides)`,
		).trimEnd(),
	);
	const nonEnglish = cv.ours.filter((p) => p.lang !== 'en');
	const nonEnglishBase = cv.baseline.filter((p) => p.lang !== 'en');
	const abst = determinableAbstention(cv.ours);
	lines.push(
		'',
		`non-English cases: ${nonEnglish.length}; right ${pct(nonEnglish.filter((p) => p.correct).length, nonEnglish.length)} (baseline ${pct(nonEnglishBase.filter((p) => p.correct).length, nonEnglishBase.length)})`,
		`abstention on determinable cases: ${pct(abst.abstained, abst.cases)} (${abst.abstained}/${abst.cases})`,
		'',
		...table(
			'by language',
			breakdown(cv.ours, (p) => p.lang),
			rightBy(cv.baseline, (p) => p.lang),
		),
		'',
		...table(
			'by vendor',
			breakdown(cv.ours, (p) => p.vendor),
			rightBy(cv.baseline, (p) => p.vendor),
		),
		'',
		'reliability (answers only): confidence bin, answers, mean confidence, share right',
		...reliability(cv.ours).map(
			(b) =>
				`  [${b.from.toFixed(1)}, ${b.to.toFixed(1)}${b.to >= 1 ? ']' : ')'}  ${String(b.answers).padStart(5)}  ${b.answers === 0 ? '  -  ' : b.meanConfidence.toFixed(3)}  ${b.answers === 0 ? '  -  ' : b.shareRight.toFixed(3)}`,
		),
		'',
	);
	return lines.join('\n');
}
