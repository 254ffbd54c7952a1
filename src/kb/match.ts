import type { Triage } from '../triage/types.js';
import type { KbEntry } from './entry-schema.js';
import { buildEvidence, type Evidence } from './evidence.js';
import { type CompiledSignals, compileSignals, type FiredSignal } from './signals.js';
import { queryTerms, type TextIndex } from './text-index.js';

export type { FiredSignal } from './signals.js';

/** The KB ready for matching: entries with their signals compiled once. */
export interface CompiledKb {
	readonly entries: readonly KbEntry[];
	readonly byId: ReadonlyMap<string, KbEntry>;
	readonly compiled: readonly { readonly entry: KbEntry; readonly signals: CompiledSignals }[];
}

export function compileKb(entries: readonly KbEntry[]): CompiledKb {
	return {
		entries,
		byId: new Map(entries.map((e) => [e.id, e])),
		compiled: entries.map((entry) => ({ entry, signals: compileSignals(entry) })),
	};
}

export interface MatchOptions {
	/**
	 * Below this confidence the matcher abstains.
	 * @defaultValue 0.5
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
}

export interface RankedMatch {
	readonly entryId: string;
	readonly cause: string;
	readonly title: string;
	/** Sum of fired signal weights, status fit and text relevance. */
	readonly score: number;
	/** Calibrated confidence in [0, 1] that this is the post's cause. */
	readonly confidence: number;
	/** Why: the signals that fired (the explanation shown to moderators). */
	readonly firedSignals: readonly FiredSignal[];
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
}

/** Score scale of the confidence curve: a score of `SCALE` gives 1 - 1/e ≈ 0.63 before the margin factor. */
const SCALE = 8;
/** How much a close runner-up of another cause takes off the confidence (at equal scores). */
const RIVAL_PENALTY = 0.6;
const STATUS_FIT = 1;
const STATUS_MISFIT = -2;

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

interface Scored {
	readonly entry: KbEntry;
	readonly score: number;
	readonly fired: FiredSignal[];
	readonly text: number;
}

/**
 * Ranks KB entries for a triaged post. Exact signals from the triage (codes, types, nested provider errors, layer,
 * host, route, headers, model) carry the score; full-text relevance only adds up to `textWeight` points, so
 * provider-specific evidence always outranks generic words. Abstains when no signal fired, when the top confidence
 * is under `threshold`, or when a different cause is within `minMargin` of the top score. Pure.
 */
export function matchKb(
	triage: Triage,
	kb: CompiledKb,
	index: TextIndex | null,
	options: MatchOptions = {},
): MatchResult {
	const threshold = options.threshold ?? 0.5;
	const minMargin = options.minMargin ?? 0.15;
	const textWeight = options.textWeight ?? 1.5;
	const limit = options.limit ?? 5;
	const ev = buildEvidence(triage);
	const relevance = textRelevance(index, ev, 20);

	const bestByCause = new Map<string, Scored>();
	for (const { entry, signals } of kb.compiled) {
		const fired = signals.fire(ev);
		if (!fired.some((f) => f.weight > 0)) continue;
		const text = relevance.get(entry.id) ?? 0;
		const score = fired.reduce((sum, f) => sum + f.weight, 0) + statusFit(entry, ev.status) + textWeight * text;
		const current = bestByCause.get(entry.cause);
		if (current === undefined || score > current.score) bestByCause.set(entry.cause, { entry, score, fired, text });
	}
	const sorted = [...bestByCause.values()].filter((s) => s.score > 0).sort((a, b) => b.score - a.score);
	const ranked = sorted.slice(0, limit).map((s, i): RankedMatch => {
		const rival = i === 0 ? (sorted[1]?.score ?? 0) : (sorted[0]?.score ?? 0);
		return {
			entryId: s.entry.id,
			cause: s.entry.cause,
			title: s.entry.title,
			score: Math.round(s.score * 100) / 100,
			confidence: confidenceOf(s.score, rival),
			firedSignals: s.fired,
			textRelevance: Math.round(s.text * 1000) / 1000,
		};
	});
	const top = ranked[0] ?? null;
	const runnerUp = sorted[1]?.score ?? 0;
	let reason: MatchReason = 'MATCHED';
	if (top === null) reason = 'NO_EVIDENCE';
	else if (runnerUp >= top.score * (1 - minMargin)) reason = 'AMBIGUOUS';
	else if (top.confidence < threshold) reason = 'LOW_CONFIDENCE';
	return { ranked, top, abstained: reason !== 'MATCHED', reason, status: ev.status };
}
