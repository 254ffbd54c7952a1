import { composeReply } from '../answer/reply.js';
import { chooseAdvice, errorVendorOf } from '../answer/route-advice.js';
import { parentCause, subcauseOf } from '../kb/causes.js';
import { type CompiledKb, type MatchOptions, matchKb } from '../kb/match.js';
import type { TextIndex } from '../kb/text-index.js';
import type { PostText } from '../model.js';
import type { Route, Triage } from '../triage/types.js';
import type { Baseline } from './baseline.js';
import type { EvalCase } from './dataset.js';

/** Answers at or above this confidence must never be wrong (the target on dev.jsonl). */
export const HIGH_CONFIDENCE = 0.8;

export interface CasePrediction {
	readonly id: string;
	readonly expected: string;
	readonly underdetermined: boolean;
	/** Predicted cause in today's taxonomy; null when abstaining. */
	readonly cause: string | null;
	/** The refined id of the answering entry, when it names one. */
	readonly subcause: string | null;
	readonly entryId: string | null;
	readonly confidence: number;
	readonly abstained: boolean;
	readonly citations: readonly string[];
	/** Every URL cited (listed or linked in the reply) belongs to the predicted entry's advice for the post's route. */
	readonly citationsOk: boolean;
	/** Right cause; or an abstention on an underdetermined case. */
	readonly correct: boolean;
}

export interface EvalScore {
	readonly cases: number;
	readonly correct: number;
	readonly accuracy: number;
	readonly abstentions: number;
	readonly wrong: number;
	readonly wrongHighConfidence: number;
	/** Cases that cited something, and how many of those cited only the predicted entry's pages for their route. */
	readonly cited: number;
	readonly citationsOk: number;
}

export interface EvalSide {
	readonly predictions: readonly CasePrediction[];
	readonly score: EvalScore;
}

export interface EvalReport {
	readonly ours: EvalSide;
	readonly baseline: EvalSide;
}

export interface EvalDeps {
	readonly triage: (post: PostText) => Triage;
	readonly kb: CompiledKb;
	readonly index: TextIndex | null;
	readonly baseline: Baseline;
	readonly match?: MatchOptions;
}

/** Links `[title](<url>)` / `[title](url)` in a reply. */
const linkedUrls = (content: string): string[] =>
	[...content.matchAll(/\]\(<?(https?:\/\/[^)>\s]+)>?\)/g)].map((m) => m[1] ?? '');

/**
 * True when every URL is a page the entry cites for the route (and the vendor whose error it is): its advice for the
 * route's kind when it has some (see `chooseAdvice`), else its defaults; without a route (the baseline), its defaults.
 */
function citationsBelong(
	kb: CompiledKb,
	entryId: string | null,
	urls: readonly string[],
	route?: Route,
	vendor: string | null = null,
): boolean {
	if (urls.length === 0) return true;
	const entry = entryId === null ? undefined : kb.byId.get(entryId);
	if (entry === undefined) return false;
	const pages = route === undefined ? entry.citations : chooseAdvice(entry, route, 'en', vendor).citations;
	const own = new Set(pages.map((c) => c.url));
	return urls.every((url) => own.has(url));
}

/** Predictions name today's taxonomy; a label may be a refined id, which is right when its parent is named. */
const isCorrect = (c: EvalCase, cause: string | null, abstained: boolean): boolean =>
	abstained ? c.underdetermined : cause === parentCause(c.cause);

/** Runs one case through triage → match → compose, as the bot would. */
export function predictCase(c: EvalCase, deps: EvalDeps, triaged?: Triage): CasePrediction {
	const triage = triaged ?? deps.triage({ title: '', body: c.report, attachments: [] });
	const result = matchKb(triage, deps.kb, deps.index, deps.match);
	const reply = composeReply(triage, result, deps.kb);
	const abstained = reply.kind !== 'answer';
	const cause = abstained ? null : reply.cause;
	const cited = [...new Set([...reply.citations, ...linkedUrls(reply.content)])];
	return {
		id: c.id,
		expected: c.cause,
		underdetermined: c.underdetermined,
		cause,
		subcause: abstained ? null : (reply.subcause ?? null),
		entryId: abstained ? null : reply.entryId,
		confidence: result.top?.confidence ?? 0,
		abstained,
		citations: reply.citations,
		citationsOk: citationsBelong(deps.kb, reply.entryId, cited, triage.route, errorVendorOf(triage)),
		correct: isCorrect(c, cause, abstained),
	};
}

/** The baseline's prediction: top BM25 hit, never abstains, no calibrated confidence (counted as 1). */
export function predictBaseline(c: EvalCase, deps: Pick<EvalDeps, 'kb' | 'baseline'>): CasePrediction {
	const hit = deps.baseline.predict(c.report);
	const entry = hit === null ? undefined : deps.kb.byId.get(hit.entryId);
	const citations = entry?.citations.map((x) => x.url) ?? [];
	const cause = hit?.cause ?? null;
	return {
		id: c.id,
		expected: c.cause,
		underdetermined: c.underdetermined,
		cause,
		subcause: entry === undefined ? null : subcauseOf(entry.cause),
		entryId: entry?.id ?? null,
		confidence: hit === null ? 0 : 1,
		abstained: hit === null,
		citations,
		citationsOk: citationsBelong(deps.kb, entry?.id ?? null, citations),
		correct: isCorrect(c, cause, hit === null),
	};
}

export function scorePredictions(predictions: readonly CasePrediction[]): EvalScore {
	const count = (f: (p: CasePrediction) => boolean) => predictions.filter(f).length;
	const correct = count((p) => p.correct);
	const cited = predictions.filter((p) => p.citations.length > 0);
	return {
		cases: predictions.length,
		correct,
		accuracy: predictions.length === 0 ? 0 : correct / predictions.length,
		abstentions: count((p) => p.abstained),
		wrong: count((p) => !p.abstained && !p.correct),
		wrongHighConfidence: count((p) => !p.abstained && !p.correct && p.confidence >= HIGH_CONFIDENCE),
		cited: cited.length,
		citationsOk: cited.filter((p) => p.citationsOk).length,
	};
}

/** Scores Doorman and the BM25 baseline on the same cases, in the same process. */
export function runEval(cases: readonly EvalCase[], deps: EvalDeps): EvalReport {
	const ours = cases.map((c) => predictCase(c, deps));
	const baseline = cases.map((c) => predictBaseline(c, deps));
	return {
		ours: { predictions: ours, score: scorePredictions(ours) },
		baseline: { predictions: baseline, score: scorePredictions(baseline) },
	};
}
