import type { KbCase } from './case-schema.js';
import { caseGroup, caseText } from './case-schema.js';
import { parentCause } from './causes.js';
import { normaliseText } from './normalise.js';

/** A labelled case close to a post, with its cosine similarity in [0, 1]. */
export interface Neighbour {
	readonly id: string;
	/** Today's taxonomy id. */
	readonly cause: string;
	readonly group: string;
	readonly underdetermined: boolean;
	/** The KB entry that answers the case, when its author named one. */
	readonly entry: string | null;
	readonly similarity: number;
}

/** Nearest-neighbour search over the case base; pure and in memory, built once per KB. */
export interface CaseIndex {
	readonly size: number;
	/** The `k` most similar cases with similarity at least `floor`, best first; `excludeGroup` leaves one group out. */
	neighbours(text: string, k: number, floor: number, excludeGroup?: string): Neighbour[];
}

const STOPWORDS = new Set(
	(
		'the and for you your with this that from are was were have has had not but can could would should will when what ' +
		'which who how why where there their then than them they its into also just like get got use using used any all ' +
		'our out one two http https www com null none true false please see more line file self return print import ' +
		'const let var def new after before same some does did doing been being here only still now very'
	).split(' '),
);

const HAS_CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** Folds common English endings so `keys`/`key`, `restricted`/`restrict` meet. */
const stem = (word: string): string => word.replace(/(?:ing|ed|es|s)$/, '').slice(0, 24) || word;

/**
 * Features of a text: Latin-script words (3+ letters, stemmed, stopwords out), 4xx/5xx statuses, and overlapping
 * character pairs of CJK runs (Chinese has no spaces; pairs are what a word segmenter would mostly find).
 */
export function caseFeatures(text: string): Map<string, number> {
	const features = new Map<string, number>();
	const add = (f: string) => features.set(f, (features.get(f) ?? 0) + 1);
	const lower = normaliseText(text).toLowerCase();
	for (const m of lower.matchAll(/[\p{L}\p{N}_]+/gu)) {
		const token = m[0];
		if (/^[45]\d\d$/.test(token)) {
			add(`#${token}`);
			continue;
		}
		// Most tokens hold no CJK: the split below would give the token back whole, as its last branch.
		if (!HAS_CJK.test(token)) {
			if (token.length >= 3 && token.length <= 40 && !/^\d+$/.test(token) && !STOPWORDS.has(token))
				add(`w:${stem(token)}`);
			continue;
		}
		for (const run of token.split(/([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+)/u)) {
			if (run.length === 0) continue;
			if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(run)) {
				if (run.length === 1) add(`c:${run}`);
				for (let i = 0; i + 1 < run.length; i += 1) add(`c:${run.slice(i, i + 2)}`);
			} else if (/^[45]\d\d$/.test(run)) {
				add(`#${run}`);
			} else if (run.length >= 3 && run.length <= 40 && !/^\d+$/.test(run) && !STOPWORDS.has(run)) {
				add(`w:${stem(run)}`);
			}
		}
	}
	return features;
}

interface Doc {
	readonly c: KbCase;
	readonly group: string;
	readonly cause: string;
}

/** Builds a TF-IDF (log tf, smoothed idf) cosine index with an inverted list per feature. */
export function buildCaseIndex(cases: readonly KbCase[]): CaseIndex {
	const docs: Doc[] = cases.map((c) => ({ c, group: caseGroup(c.source), cause: parentCause(c.cause) }));
	const raw = docs.map((d) => caseFeatures(caseText(d.c)));
	const df = new Map<string, number>();
	for (const f of raw) for (const key of f.keys()) df.set(key, (df.get(key) ?? 0) + 1);
	const n = docs.length;
	// Computed once per feature: a query looks up every feature of the post.
	const idfs = new Map<string, number>();
	for (const [key, count] of df) idfs.set(key, Math.log((n + 1) / (count + 1)) + 1);
	const unseenIdf = Math.log((n + 1) / 1) + 1;
	const idf = (key: string): number => idfs.get(key) ?? unseenIdf;
	const lists = new Map<string, { docs: number[]; weights: number[] }>();
	raw.forEach((features, doc) => {
		const weights = [...features].map(([key, tf]) => [key, (1 + Math.log(tf)) * idf(key)] as const);
		const norm = Math.sqrt(weights.reduce((s, [, w]) => s + w * w, 0)) || 1;
		for (const [key, w] of weights) {
			let list = lists.get(key);
			if (list === undefined) {
				list = { docs: [], weights: [] };
				lists.set(key, list);
			}
			list.docs.push(doc);
			list.weights.push(w / norm);
		}
	});
	// Typed arrays: a posting list is read once per post that shares the feature, 10,000 cases long for common words.
	const postings = new Map<string, { docs: Int32Array; weights: Float64Array }>();
	for (const [key, list] of lists)
		postings.set(key, { docs: Int32Array.from(list.docs), weights: Float64Array.from(list.weights) });
	const scores = new Float64Array(n);
	return {
		size: n,
		neighbours(text, k, floor, excludeGroup) {
			const query = [...caseFeatures(text)].map(([key, tf]) => [key, (1 + Math.log(tf)) * idf(key)] as const);
			const norm = Math.sqrt(query.reduce((s, [, w]) => s + w * w, 0));
			if (norm === 0) return [];
			// Accumulate in a reused array: a Map per query made garbage that showed up as p99 pauses.
			const touched: number[] = [];
			for (const [key, w] of query) {
				const list = postings.get(key);
				if (list === undefined) continue;
				const q = w / norm;
				const { docs: ids, weights } = list;
				for (let i = 0; i < ids.length; i += 1) {
					const doc = ids[i] as number;
					if (scores[doc] === 0) touched.push(doc);
					scores[doc] = (scores[doc] as number) + q * (weights[i] as number);
				}
			}
			const hits: Neighbour[] = [];
			for (const doc of touched) {
				const similarity = scores[doc] ?? 0;
				scores[doc] = 0;
				const d = docs[doc];
				if (d === undefined || similarity < floor || d.group === excludeGroup) continue;
				hits.push({
					id: d.c.id,
					cause: d.cause,
					group: d.group,
					underdetermined: d.c.underdetermined,
					entry: d.c.entry ?? null,
					similarity: Math.min(1, similarity),
				});
			}
			return hits.sort((a, b) => b.similarity - a.similarity || a.id.localeCompare(b.id)).slice(0, k);
		},
	};
}

/** Per cause, the share of neighbour similarity it holds (determinable neighbours only), and the best similarity. */
export function neighbourVotes(neighbours: readonly Neighbour[]): Map<string, { share: number; best: number }> {
	const votes = new Map<string, { sum: number; best: number }>();
	let total = 0;
	for (const nb of neighbours) {
		if (nb.underdetermined) continue;
		const w = nb.similarity * nb.similarity;
		total += w;
		const v = votes.get(nb.cause) ?? { sum: 0, best: 0 };
		votes.set(nb.cause, { sum: v.sum + w, best: Math.max(v.best, nb.similarity) });
	}
	const out = new Map<string, { share: number; best: number }>();
	for (const [cause, v] of votes) out.set(cause, { share: total === 0 ? 0 : v.sum / total, best: v.best });
	return out;
}
