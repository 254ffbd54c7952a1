import { type Calibration, fitCalibration, type Outcome } from '../kb/calibration.js';
import { buildCaseIndex } from '../kb/case-index.js';
import { caseGroup, caseText, type KbCase } from '../kb/case-schema.js';
import { type CompiledKb, type MatchOptions, matchKb, withParts } from '../kb/match.js';
import type { TextIndex } from '../kb/text-index.js';
import type { PostText } from '../model.js';
import type { Triage } from '../triage/types.js';
import { createBaseline } from './baseline.js';
import type { EvalCase } from './dataset.js';
import { type CasePrediction, type EvalScore, predictBaseline, predictCase, scorePredictions } from './run-eval.js';

/** A held-out prediction with what the breakdowns need. */
export interface FoldPrediction extends CasePrediction {
	readonly fold: number;
	readonly lang: string;
	readonly vendor: string;
}

export interface CrossValidation {
	readonly folds: number;
	readonly groups: number;
	readonly ours: readonly FoldPrediction[];
	readonly baseline: readonly FoldPrediction[];
	readonly oursScore: EvalScore;
	readonly baselineScore: EvalScore;
}

export interface CrossValidationDeps {
	readonly triage: (post: PostText) => Triage;
	/** The KB (entries, concepts); its case base and calibration are replaced per fold. */
	readonly kb: CompiledKb;
	readonly index: TextIndex | null;
	readonly match?: MatchOptions;
}

/** FNV-1a, for a fold assignment that is stable across runs and machines. */
function hash(text: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i += 1) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193) >>> 0;
	}
	return h;
}

/**
 * Assigns whole groups (repositories, forums) to `k` folds: groups in a stable pseudo-random order, each to the
 * currently smallest fold, so folds are balanced and one repository's cases are never on both sides.
 */
export function assignFolds(cases: readonly KbCase[], k: number): Map<string, number> {
	const sizes = new Map<string, number>();
	for (const c of cases) sizes.set(caseGroup(c.source), (sizes.get(caseGroup(c.source)) ?? 0) + 1);
	const groups = [...sizes.entries()].sort(
		(a, b) => b[1] - a[1] || hash(a[0]) - hash(b[0]) || a[0].localeCompare(b[0]),
	);
	const load = Array.from({ length: k }, () => 0);
	const fold = new Map<string, number>();
	for (const [group, size] of groups) {
		let best = 0;
		for (let i = 1; i < k; i += 1) if ((load[i] ?? 0) < (load[best] ?? 0)) best = i;
		fold.set(group, best);
		load[best] = (load[best] ?? 0) + size;
	}
	return fold;
}

/** A case as the evaluation reads it. */
export const asEvalCase = (c: KbCase): EvalCase => ({
	id: c.id,
	report: caseText(c),
	cause: c.cause,
	underdetermined: c.underdetermined,
});

/**
 * Held-out outcomes for calibration: every case of `cases` predicted with the others as case base, its own group
 * left out (leave-one-group-out), and whether the top cause was the label.
 */
export function heldOutOutcomes(
	cases: readonly KbCase[],
	triaged: ReadonlyMap<string, Triage>,
	deps: CrossValidationDeps,
): Outcome[] {
	const kb = withParts(deps.kb, { cases: buildCaseIndex(cases), calibration: null });
	const outcomes: Outcome[] = [];
	for (const c of cases) {
		const triage = triaged.get(c.id);
		if (triage === undefined) continue;
		// Threshold 0: every other reason to abstain (a close rival, too little evidence) still applies, so the share
		// right is measured on the posts the bot would answer, which is what its confidence promises.
		const result = matchKb(triage, kb, deps.index, { ...deps.match, threshold: 0, excludeGroup: caseGroup(c.source) });
		if (result.top === null || result.abstained) continue;
		outcomes.push({ raw: result.top.rawConfidence, right: result.top.cause === c.cause });
	}
	return outcomes;
}

/** The calibration of a case base, measured leave-one-group-out over it. */
export function calibrationFor(
	cases: readonly KbCase[],
	triaged: ReadonlyMap<string, Triage>,
	deps: CrossValidationDeps,
): Calibration {
	return fitCalibration(
		heldOutOutcomes(cases, triaged, deps),
		'isotonic regression over leave-one-repository-out predictions on the case base',
	);
}

/** Triages every case once (the same triage in every fold). */
export function triageCases(cases: readonly KbCase[], triage: (post: PostText) => Triage): Map<string, Triage> {
	return new Map(cases.map((c) => [c.id, triage({ title: '', body: caseText(c), attachments: [] })]));
}

/**
 * Grouped K-fold cross-validation over the case base. In each fold the matcher's case base and its calibration come
 * from the training folds only (the calibration itself measured leave-one-group-out inside them), and the BM25
 * baseline indexes the same training cases beside the KB. Pure over its inputs.
 */
export function crossValidate(cases: readonly KbCase[], k: number, deps: CrossValidationDeps): CrossValidation {
	const folds = assignFolds(cases, k);
	const triaged = triageCases(cases, deps.triage);
	const ours: FoldPrediction[] = [];
	const baseline: FoldPrediction[] = [];
	for (let fold = 0; fold < k; fold += 1) {
		const test = cases.filter((c) => folds.get(caseGroup(c.source)) === fold);
		if (test.length === 0) continue;
		const train = cases.filter((c) => folds.get(caseGroup(c.source)) !== fold);
		const calibration = calibrationFor(train, triaged, deps);
		const kb = withParts(deps.kb, { cases: buildCaseIndex(train), calibration });
		const evalDeps = { ...deps, kb, baseline: createBaseline(kb.entries, train) };
		for (const c of test) {
			const extra = { fold, lang: c.lang, vendor: c.vendor };
			ours.push({ ...predictCase(asEvalCase(c), evalDeps, triaged.get(c.id)), ...extra });
			baseline.push({ ...predictBaseline(asEvalCase(c), evalDeps), ...extra });
		}
	}
	return {
		folds: k,
		groups: new Set(folds.keys()).size,
		ours,
		baseline,
		oursScore: scorePredictions(ours),
		baselineScore: scorePredictions(baseline),
	};
}

/** Accuracy per value of a key (language, vendor …), largest first. */
export function breakdown(
	predictions: readonly FoldPrediction[],
	key: (p: FoldPrediction) => string,
): { key: string; cases: number; right: number }[] {
	const out = new Map<string, { cases: number; right: number }>();
	for (const p of predictions) {
		const v = out.get(key(p)) ?? { cases: 0, right: 0 };
		out.set(key(p), { cases: v.cases + 1, right: v.right + (p.correct ? 1 : 0) });
	}
	return [...out.entries()]
		.map(([k, v]) => ({ key: k, ...v }))
		.sort((a, b) => b.cases - a.cases || a.key.localeCompare(b.key));
}

/** Reliability: answered predictions in confidence bins, with the share right in each. */
export function reliability(
	predictions: readonly FoldPrediction[],
	edges: readonly number[] = [0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001],
): { from: number; to: number; answers: number; meanConfidence: number; shareRight: number }[] {
	const bins = [];
	for (let i = 0; i + 1 < edges.length; i += 1) {
		const from = edges[i] ?? 0;
		const to = edges[i + 1] ?? 1;
		const inBin = predictions.filter((p) => !p.abstained && p.confidence >= from && p.confidence < to);
		const answers = inBin.length;
		bins.push({
			from,
			to: Math.min(1, to),
			answers,
			meanConfidence: answers === 0 ? 0 : inBin.reduce((s, p) => s + p.confidence, 0) / answers,
			shareRight: answers === 0 ? 0 : inBin.filter((p) => p.correct).length / answers,
		});
	}
	return bins;
}
