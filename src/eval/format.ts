import { type EvalReport, type EvalScore, HIGH_CONFIDENCE } from './run-eval.js';

const ratio = (n: number, d: number): string => `${d === 0 ? '0.000' : (n / d).toFixed(3)} (${n}/${d})`;

function rows(s: EvalScore, predictions: EvalReport['ours']['predictions']): string[] {
	const answered = predictions.filter((p) => !p.abstained);
	return [
		String(s.cases),
		ratio(s.correct, s.cases),
		String(s.abstentions),
		String(s.wrong),
		String(s.wrongHighConfidence),
		`${s.citationsOk}/${s.cited} ok`,
		`${answered.filter((p) => p.citations.length === 0).length}/${answered.length}`,
	];
}

/** The `doorman eval` table: Doorman and the BM25 baseline side by side. */
export function formatEvalTable(report: EvalReport, source: string): string {
	const labels = [
		'cases',
		'top-1 accuracy',
		'abstentions',
		'wrong answers',
		`wrong at confidence >= ${HIGH_CONFIDENCE}`,
		'citation check',
		'answers without citation',
	];
	const ours = rows(report.ours.score, report.ours.predictions);
	const base = rows(report.baseline.score, report.baseline.predictions);
	const w0 = Math.max(6, ...labels.map((l) => l.length));
	const w1 = Math.max(7, ...ours.map((c) => c.length));
	const line = (a: string, b: string, c: string) => `${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}`.trimEnd();
	return [
		`doorman eval: ${source}`,
		'',
		line('metric', 'doorman', 'baseline (BM25)'),
		...labels.map((label, i) => line(label, ours[i] ?? '', base[i] ?? '')),
		'',
		'top-1 counts an abstention as right only on cases marked underdetermined. The baseline (MiniSearch BM25 over',
		'the same KB text, top hit) never abstains and has no confidence: each of its answers counts as confidence 1.',
		'',
	].join('\n');
}
