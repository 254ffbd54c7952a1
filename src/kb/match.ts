import { DEFAULT_MATCH_THRESHOLD } from '../model.js';
import type { Route, Triage } from '../triage/types.js';
import { type Calibration, calibrate, HIGH_CLAIM } from './calibration.js';
import { buildCandidateIndex, type CandidateIndex } from './candidates.js';
import type { CaseIndex, Neighbour } from './case-index.js';
import { neighbourVotes } from './case-index.js';
import { parentCause, subcauseOf } from './causes.js';
import type { CompiledConcepts } from './concepts.js';
import type { KbEntry } from './entry-schema.js';
import { buildEvidence, type Evidence } from './evidence.js';
import {
	type CompiledSignals,
	type Contains,
	compileSignals,
	type FiredSignal,
	type PatternAnswers,
} from './signals.js';
import { queryTerms, type TextIndex } from './text-index.js';

export type { FiredSignal } from './signals.js';

/** The KB ready for matching: entries with their signals compiled once, the concept vocabulary, the case base. */
export interface CompiledKb {
	readonly entries: readonly KbEntry[];
	readonly byId: ReadonlyMap<string, KbEntry>;
	readonly compiled: readonly { readonly entry: KbEntry; readonly signals: CompiledSignals }[];
	/** Which of `compiled` can fire on a post, from an index over their signals' literals and fields. */
	readonly candidates: CandidateIndex;
	readonly concepts: CompiledConcepts | null;
	readonly cases: CaseIndex | null;
	/** Raw confidence → share right on held-out cases; null = raw confidence as is. */
	readonly calibration: Calibration | null;
}

export interface KbParts {
	readonly concepts?: CompiledConcepts | null;
	readonly cases?: CaseIndex | null;
	readonly calibration?: Calibration | null;
}

export function compileKb(entries: readonly KbEntry[], parts: KbParts = {}): CompiledKb {
	const compiled = entries.map((entry) => ({ entry, signals: compileSignals(entry) }));
	return {
		entries,
		byId: new Map(entries.map((e) => [e.id, e])),
		compiled,
		candidates: buildCandidateIndex(
			compiled.map((c) => c.signals.gates),
			[...compiled.flatMap((c) => c.signals.probes), ...(parts.concepts?.probes ?? [])],
		),
		concepts: parts.concepts ?? null,
		cases: parts.cases ?? null,
		calibration: parts.calibration ?? null,
	};
}

/** The same KB with another case base or calibration (cross-validation folds). */
export const withParts = (kb: CompiledKb, parts: KbParts): CompiledKb => ({ ...kb, ...parts });

export interface MatchOptions {
	/**
	 * Below this (calibrated) confidence the matcher abstains.
	 * @defaultValue 0.6
	 */
	readonly threshold?: number;
	/**
	 * Abstain when the best entry of another cause scores at least `1 - minMargin` of the top score.
	 * @defaultValue 0.15
	 */
	readonly minMargin?: number;
	/**
	 * Points that full-text relevance can add (the most relevant entry gets all of them).
	 * @defaultValue 1.5
	 */
	readonly textWeight?: number;
	/**
	 * How many ranked entries to return.
	 * @defaultValue 5
	 */
	readonly limit?: number;
	/**
	 * Least score an answer needs whatever its calibrated confidence: the calibration is an average over all posts,
	 * and a lone weak hint (an SDK's exception name, a bare status) is not evidence of any one cause.
	 * @defaultValue 3.5
	 */
	readonly minScore?: number;
	/**
	 * How much similar cases whose text could not tell their cause (underdetermined) take off the raw confidence: a
	 * post that reads like reports where the message pointed the wrong way deserves less trust.
	 * @defaultValue 1
	 */
	readonly ambiguityPenalty?: number;
	/**
	 * Share of the raw confidence taken off when the post holds counter-evidence against the cause (context that says a
	 * documented message points the wrong way): such posts are where confident answers go wrong.
	 * @defaultValue 0.3
	 */
	readonly counterEvidenceDoubt?: number;
	/** Leave this case group out of the neighbours (cross-validation of the case base itself). */
	readonly excludeGroup?: string;
	/**
	 * Points similar cases can add to a cause (all neighbours agreeing, the closest one very close).
	 * @defaultValue 4
	 */
	readonly caseWeight?: number;
}

export interface RankedMatch {
	readonly entryId: string;
	/** The cause in today's taxonomy. */
	readonly cause: string;
	/** The refined id when the entry names one (`relay_quota_exhausted` …), else null. */
	readonly subcause: string | null;
	readonly title: string;
	/** Fired signal weights, status fit, text relevance, concepts and similar cases, summed. */
	readonly score: number;
	/** Calibrated confidence in [0, 1] that this is the post's cause. */
	readonly confidence: number;
	/** Confidence before calibration (what the calibration maps). */
	readonly rawConfidence: number;
	/** Why: the signals that fired (the explanation shown to moderators). */
	readonly firedSignals: readonly FiredSignal[];
	/** Concepts of the vocabulary present in the post that support this cause. */
	readonly concepts: readonly string[];
	/** Points from similar labelled cases. */
	readonly caseSupport: number;
	/** Full-text relevance in [0, 1] relative to the best hit. */
	readonly textRelevance: number;
}

export type MatchReason = 'MATCHED' | 'NO_EVIDENCE' | 'LOW_CONFIDENCE' | 'AMBIGUOUS';

export interface MatchResult {
	/** Best entries first, at most one per cause, at most `limit`. */
	readonly ranked: readonly RankedMatch[];
	/** `ranked[0]`, or null when nothing fired. */
	readonly top: RankedMatch | null;
	/** True when the bot should ask or escalate instead of answering. */
	readonly abstained: boolean;
	readonly reason: MatchReason;
	/** The HTTP status triage saw, if any. */
	readonly status: number | null;
	/** The most similar labelled cases (for moderators and the eval). */
	readonly neighbours: readonly Neighbour[];
}

/** Score scale of the confidence curve: a score of `SCALE` gives 1 - 1/e ≈ 0.63 before the margin factor. */
const SCALE = 8;
/** How much a close runner-up of another cause takes off the confidence (at equal scores). */
const RIVAL_PENALTY = 0.6;
const STATUS_FIT = 1;
const STATUS_MISFIT = -2;
/** Concepts say what a post is about, not which documented error it is: their sum per cause is capped. */
const CONCEPT_CAP = 6;
/** Neighbours considered, and the least similarity that counts. */
const NEIGHBOURS = 8;
const SIMILARITY_FLOOR = 0.12;
/** A neighbour this similar counts fully; weaker ones count in proportion. */
const STRONG_SIMILARITY = 0.5;
/**
 * A community case (confirmed by this community's moderators) this similar counts fully, and its cause's case points
 * are `COMMUNITY_CASE_BOOST` times the shipped cases': with one learned case among 1,000+ shipped ones the learned
 * answer sat at the threshold and flipped with every calibration refit. Shipped-case scoring is unchanged.
 */
const COMMUNITY_STRONG_SIMILARITY = 0.35;
const COMMUNITY_CASE_BOOST = 1.5;

function statusFit(entry: KbEntry, status: number | null): number {
	if (status === null) return 0;
	return entry.statuses.includes(status) ? STATUS_FIT : STATUS_MISFIT;
}

/** Confidence from a score and the best score of a different cause. */
export function confidenceOf(score: number, rivalScore: number): number {
	if (score <= 0) return 0;
	const strength = 1 - Math.exp(-score / SCALE);
	const ratio = Math.min(1, Math.max(0, rivalScore) / score);
	return Math.round(strength * (1 - RIVAL_PENALTY * ratio * ratio) * 1000) / 1000;
}

function textRelevance(index: TextIndex | null, ev: Evidence, candidates: number): Map<string, number> {
	const relevance = new Map<string, number>();
	if (index === null) return relevance;
	const hits = index.search(queryTerms(ev.text), candidates);
	const best = hits[0]?.score ?? 0;
	if (best <= 0) return relevance;
	for (const hit of hits) relevance.set(hit.entryId, Math.max(0, hit.score / best));
	return relevance;
}

/** Each cause's entries in KB order, made once per compiled KB: a scan of every entry per post grew with the KB. */
const entriesByCause = new WeakMap<CompiledKb, Map<string, KbEntry[]>>();
function entriesOfCause(kb: CompiledKb): Map<string, KbEntry[]> {
	let byCause = entriesByCause.get(kb);
	if (byCause === undefined) {
		byCause = new Map();
		for (const entry of kb.entries) {
			const cause = parentCause(entry.cause);
			const list = byCause.get(cause);
			if (list === undefined) byCause.set(cause, [entry]);
			else list.push(entry);
		}
		entriesByCause.set(kb, byCause);
	}
	return byCause;
}

/**
 * The entry that answers a cause no signal of which fired (the cause came from concepts or similar cases): one for the
 * post's status, among those one made for its route if there is one, else the most general one (most providers), ties
 * by id.
 */
function defaultEntry(kb: CompiledKb, cause: string, route: Route, status: number | null): KbEntry | undefined {
	let best: { entry: KbEntry; rank: number } | undefined;
	for (const entry of entriesOfCause(kb).get(cause) ?? []) {
		const own = entry.providers.map((p) => p.toLowerCase());
		// The status first: an entry for another status costs the cause points (statusFit), a route's entry for
		// another status would answer a 403 with a 429's steps.
		const rank =
			(status !== null && entry.statuses.includes(status) ? 200 : 0) +
			(own.includes(route) ? 100 : 0) +
			(own.includes('any') ? 10 : 0) +
			Math.min(9, own.length);
		if (best === undefined || rank > best.rank || (rank === best.rank && entry.id < best.entry.id))
			best = { entry, rank };
	}
	return best?.entry;
}

interface Scored {
	readonly entry: KbEntry;
	readonly cause: string;
	readonly score: number;
	readonly fired: FiredSignal[];
	readonly concepts: string[];
	readonly caseSupport: number;
	readonly text: number;
	/** Counter-evidence against this cause (≤ 0). */
	readonly against: number;
	/** Context for this cause beyond the entry's own signals: concept points and similar cases. */
	readonly support: number;
}

/**
 * The least weight of the strongest signal behind a signal-backed answer when no context supports it: a route, an
 * SDK's exception name and a status fit are hints that add up to a score, not evidence of one cause.
 */
const SPECIFIC_SIGNAL = 3;
/** Context (concepts, similar cases) that makes weak signals enough. */
const CONTEXT_SUPPORT = 2;

/** Concept points per cause (capped), and which concepts gave them. */
interface ConceptPoints {
	/** Support, capped at `CONCEPT_CAP`. */
	readonly points: number;
	/** Counter-evidence (negative weights): context that says the message points the wrong way. */
	readonly against: number;
	readonly ids: string[];
}

function conceptScores(
	kb: CompiledKb,
	ev: Evidence,
	contains: Contains,
	answers: PatternAnswers,
): Map<string, ConceptPoints> {
	const out = new Map<string, ConceptPoints>();
	for (const concept of kb.concepts?.fire(ev, contains, answers) ?? []) {
		for (const [id, weight] of Object.entries(concept.causes)) {
			const cause = parentCause(id);
			const current = out.get(cause) ?? { points: 0, against: 0, ids: [] };
			out.set(cause, {
				points: current.points + Math.max(0, weight),
				against: current.against + Math.min(0, weight),
				ids: [...current.ids, concept.id],
			});
		}
	}
	for (const [cause, v] of out) out.set(cause, { ...v, points: Math.min(CONCEPT_CAP, v.points) });
	return out;
}

/**
 * For one cause: the share of neighbour similarity held by underdetermined cases whose true cause was another one,
 * scaled by how close the closest of them is: in [0, 1], 0 when no similar case points elsewhere.
 */
function ambiguity(neighbours: readonly Neighbour[], cause: string): number {
	let total = 0;
	let unsure = 0;
	let best = 0;
	for (const nb of neighbours) {
		const w = nb.similarity * nb.similarity;
		total += w;
		// An unclear report whose true cause was this one does not argue against answering it.
		if (nb.underdetermined && nb.cause !== cause) {
			unsure += w;
			best = Math.max(best, nb.similarity);
		}
	}
	return total === 0 ? 0 : (unsure / total) * Math.min(1, best / STRONG_SIMILARITY);
}

/** Points per cause from the labelled cases most similar to the post. */
function caseScores(neighbours: readonly Neighbour[], weight: number): Map<string, number> {
	const out = new Map<string, number>();
	for (const [cause, vote] of neighbourVotes(neighbours)) {
		// A case this community's moderators resolved, clearly alike, is the support engineer's "we have seen this one":
		// full and more points, not a share that thins as the shipped case base grows (see COMMUNITY_CASE_BOOST).
		const learned = vote.bestCommunity >= COMMUNITY_STRONG_SIMILARITY;
		const closeness = learned ? 1 : Math.min(1, vote.best / STRONG_SIMILARITY);
		out.set(cause, weight * vote.share * closeness * (learned ? COMMUNITY_CASE_BOOST : 1));
	}
	return out;
}

/**
 * Ranks causes for a triaged post. Exact signals of the KB entries (codes, types, nested provider errors, layer,
 * host, route, headers, model) carry the score; the concept vocabulary and the most similar labelled cases add
 * bounded points, so a cause said in prose or in a vendor's unknown words is still recognised while a documented
 * string always outranks them. Full-text relevance only breaks ties between entries whose signals fired. The raw
 * confidence goes through the calibration measured on held-out cases. Abstains when nothing points anywhere, when
 * the calibrated confidence is under `threshold`, or when another cause is within `minMargin` of the top. Pure.
 */
export function matchKb(
	triage: Triage,
	kb: CompiledKb,
	index: TextIndex | null,
	options: MatchOptions = {},
): MatchResult {
	const threshold = options.threshold ?? DEFAULT_MATCH_THRESHOLD;
	const minMargin = options.minMargin ?? 0.15;
	const textWeight = options.textWeight ?? 1.5;
	const limit = options.limit ?? 5;
	const ev = buildEvidence(triage);
	const neighbours = kb.cases?.neighbours(ev.text, NEIGHBOURS, SIMILARITY_FLOOR, options.excludeGroup) ?? [];
	// Only entries whose gates are open can fire: the index gives them in KB order, as a scan would. Its one scan of the
	// post answers the concepts' and the signals' literal look-ups, and a pattern they share runs once.
	const { positions, contains } = kb.candidates.of(ev);
	const answers: PatternAnswers = new Map();
	const concepts = conceptScores(kb, ev, contains, answers);
	const cases = caseScores(neighbours, options.caseWeight ?? 4);
	const penalty = options.ambiguityPenalty ?? 1;
	const counterDoubt = options.counterEvidenceDoubt ?? 0.3;

	const firing: { entry: KbEntry; fired: FiredSignal[] }[] = [];
	for (const position of positions) {
		const { entry, signals } = kb.compiled[position] as CompiledKb['compiled'][number];
		const fired = signals.fire(ev, contains, answers);
		if (fired.some((f) => f.weight > 0)) firing.push({ entry, fired });
	}
	// Full-text relevance only ranks entries whose signals fired: no query when none did.
	const relevance = firing.length === 0 ? new Map<string, number>() : textRelevance(index, ev, 20);
	const bestByCause = new Map<string, { entry: KbEntry; score: number; fired: FiredSignal[]; text: number }>();
	for (const { entry, fired } of firing) {
		const text = relevance.get(entry.id) ?? 0;
		const score = fired.reduce((sum, f) => sum + f.weight, 0) + statusFit(entry, ev.status) + textWeight * text;
		const cause = parentCause(entry.cause);
		const current = bestByCause.get(cause);
		if (current === undefined || score > current.score) bestByCause.set(cause, { entry, score, fired, text });
	}

	const scored: Scored[] = [];
	const causes = new Set([...bestByCause.keys(), ...concepts.keys(), ...cases.keys()]);
	for (const cause of causes) {
		const signal = bestByCause.get(cause);
		const concept = concepts.get(cause);
		const caseSupport = cases.get(cause) ?? 0;
		const against = concept?.against ?? 0;
		const support = (concept?.points ?? 0) + caseSupport;
		const extra = support + against;
		if (signal !== undefined) {
			// Concept support restates what a specific signal already saw ("tier 3" is both), so then only
			// counter-evidence counts: it is what makes a documented message point the wrong way. Weak hints alone (a
			// route, a page title) did not see what the concept says, so its points count beside them.
			const hintsOnly = strongestWeight(signal.fired) < SPECIFIC_SIGNAL;
			const score = signal.score + against + caseSupport + (hintsOnly ? (concept?.points ?? 0) : 0);
			scored.push({ ...signal, cause, score, concepts: concept?.ids ?? [], caseSupport, against, support });
			continue;
		}
		// Concepts and cases alone need a clear positive: a lone weak hint is no diagnosis.
		if ((concept?.points ?? 0) <= 0 && caseSupport <= 0) continue;
		// The entry that answered the closest similar case of this cause, else the cause's entry for this route.
		const named = neighbours.find((nb) => nb.cause === cause && nb.entry !== null && kb.byId.has(nb.entry));
		const entry =
			(named?.entry === undefined || named.entry === null ? undefined : kb.byId.get(named.entry)) ??
			defaultEntry(kb, cause, ev.route, ev.status);
		const score = extra + (entry === undefined ? 0 : Math.min(0, statusFit(entry, ev.status)));
		// A cause with no entry to answer with (`other`) still competes: it is a reason not to answer.
		scored.push({
			entry: entry ?? placeholderEntry(cause),
			cause,
			score,
			fired: [],
			concepts: concept?.ids ?? [],
			caseSupport,
			text: 0,
			against,
			support,
		});
	}
	const sorted = scored.filter((s) => s.score > 0).sort((a, b) => b.score - a.score || a.cause.localeCompare(b.cause));
	const ranked = sorted.slice(0, limit).map((s, i): RankedMatch => {
		const rival = i === 0 ? (sorted[1]?.score ?? 0) : (sorted[0]?.score ?? 0);
		const contested = s.against < 0 ? 1 - counterDoubt : 1;
		const doubt = penalty * ambiguity(neighbours, s.cause);
		const raw = Math.round(confidenceOf(s.score, rival) * (1 - doubt) * contested * 1000) / 1000;
		const calibrated = calibrate(kb.calibration, raw);
		return {
			entryId: s.entry.id,
			cause: s.cause,
			subcause: subcauseOf(s.entry.cause),
			title: s.entry.title,
			score: Math.round(s.score * 100) / 100,
			confidence: statusOnly(s) ? Math.min(calibrated, HIGH_CLAIM - 0.001) : calibrated,
			rawConfidence: raw,
			firedSignals: s.fired,
			concepts: s.concepts,
			caseSupport: Math.round(s.caseSupport * 100) / 100,
			textRelevance: Math.round(s.text * 1000) / 1000,
		};
	});
	const top = ranked[0] ?? null;
	const runnerUp = sorted[1]?.score ?? 0;
	let reason: MatchReason = 'MATCHED';
	if (top === null) reason = 'NO_EVIDENCE';
	else if (!kb.byId.has(top.entryId)) reason = 'LOW_CONFIDENCE';
	else if (runnerUp >= top.score * (1 - minMargin)) reason = 'AMBIGUOUS';
	else if (top.confidence < threshold || top.score < (options.minScore ?? 3.5)) reason = 'LOW_CONFIDENCE';
	else if (onlyHints(sorted[0])) reason = 'LOW_CONFIDENCE';
	return { ranked, top, abstained: reason !== 'MATCHED', reason, status: ev.status, neighbours };
}

/**
 * Signals that say no more than the HTTP status (the status itself, its reason phrase): several causes share every
 * status (a 429 is a rate limit or an empty balance), so they never make a high-confidence claim on their own.
 */
function statusOnly(s: Scored): boolean {
	return s.fired.length > 0 && s.fired.every((f) => f.kind === 'status' || f.weight <= 1);
}

/** The weight of the strongest fired signal (0 when none fired). */
const strongestWeight = (fired: readonly FiredSignal[]): number => Math.max(0, ...fired.map((f) => f.weight));

/** A signal-backed answer whose signals are all weak hints and which no context supports. */
function onlyHints(top: Scored | undefined): boolean {
	if (top === undefined || top.fired.length === 0) return false;
	return strongestWeight(top.fired) < SPECIFIC_SIGNAL && top.support < CONTEXT_SUPPORT;
}

/** Stands in for a cause the KB has no entry for; never answered (its id is not in `byId`). */
function placeholderEntry(cause: string): KbEntry {
	return {
		id: `(no entry for ${cause})`,
		cause,
		title: cause,
		diagnosis: cause,
		providers: ['any'],
		statuses: [403],
		signals: [],
		fix: [],
		citations: [],
		examples: [],
		body: '',
		file: '',
	};
}
