import { CaseFeatureReader, caseFeatures } from './case-features.js';
import type { KbCase } from './case-schema.js';
import { caseGroup, caseText } from './case-schema.js';
import { parentCause } from './causes.js';
import { isCommunityCaseId } from './community-case.js';
import { grown } from './typed-arrays.js';

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

export { CJK_FROM, caseFeatures } from './case-features.js';

interface Doc {
	readonly c: KbCase;
	readonly group: string;
	readonly cause: string;
}

/** Cases scored exactly per query before the rest are pruned against the best `k` of them (see `buildCaseIndex`). */
const SEED_CASES = 64;
/** Candidates scored first, those the post's strong features favour most. */
const LEADERS = 16;
/** Below this many postings in the post's lists the scan is cheaper than any pruning. */
const SCAN_POSTINGS = 4096;
/** Slack for rounding in the bounds: a case is pruned only when its bound is below the threshold by more. */
const BOUND_SLACK = 1e-9;
/**
 * Highest threshold the pruning uses: similarities are clamped to 1 and ties ordered by id, so a case that may clamp
 * to 1 is always scored.
 */
const MAX_PRUNING_THRESHOLD = 0.999;
/**
 * Pruning pays only when the candidates' lists are a small part of what a scan reads; above this share (a long paste
 * shares most features with the case base) the scan runs instead.
 */
const MAX_CANDIDATE_SHARE = 0.5;

export interface CaseIndexOptions {
	/** Add up every posting list the post shares (no pruning): the reference the pruned search is tested against. */
	readonly exhaustive?: boolean;
	/** Told, per query, the ids of the cases whose similarity was computed (tests and benchmarks watch the pruning). */
	readonly onScored?: (ids: readonly string[]) => void;
}

/** A query feature found in the index: its position in the query, weight and bound on what it adds to any case. */
interface Term {
	readonly position: number;
	readonly feature: number;
	readonly q: number;
	readonly bound: number;
}

interface Postings {
	readonly docs: Int32Array;
	readonly weights: Float64Array;
}

/**
 * Builds a TF-IDF (log tf, smoothed idf) cosine index with an inverted list per feature and each case's own feature
 * list. A query reads only the lists that can lift a case among the `k` nearest (MaxScore): the cases sharing the
 * post's strongest features are scored first, and their `k`-th best similarity (or the floor) is the bar; the
 * weakest features whose bounds (query weight × largest case weight, and by Cauchy–Schwarz the norm of their query
 * weights) add up to less than the bar cannot lift a case to it alone, so only cases in the other lists are
 * candidates, and a candidate is scored only when what its strong features gave plus what the weak ones could give
 * reaches the bar. Similarities are summed in query order, as the scan adds them up, so they are equal to the last bit.
 */
export function buildCaseIndex(cases: readonly KbCase[], options: CaseIndexOptions = {}): CaseIndex {
	const docs: Doc[] = cases.map((c) => ({ c, group: caseGroup(c.source), cause: parentCause(c.cause) }));
	const n = docs.length;
	// Each case's features as ids and counts, flat: case d's are at [offsets[d], offsets[d + 1]), read case by case
	// (holding all 10,000 feature maps until the end made the collector copy them twice).
	const featureIds = new Map<string, number>();
	const df: number[] = [];
	const offsets = new Int32Array(n + 1);
	let ownFeatures = new Int32Array(64 * n + 64);
	let ownWeights = new Float64Array(64 * n + 64);
	let at = 0;
	const reader = new CaseFeatureReader((key) => {
		let id = featureIds.get(key);
		if (id === undefined) {
			id = df.length;
			featureIds.set(key, id);
			df.push(0);
		}
		return id;
	});
	const onFeature = (id: number, tf: number): void => {
		if (at === ownFeatures.length) {
			ownFeatures = grown(ownFeatures, 2 * at);
			ownWeights = grown(ownWeights, 2 * at);
		}
		df[id] = (df[id] as number) + 1;
		ownFeatures[at] = id;
		ownWeights[at] = tf;
		at += 1;
	};
	for (let doc = 0; doc < n; doc += 1) {
		reader.read(caseText((docs[doc] as Doc).c), onFeature);
		offsets[doc + 1] = at;
	}
	ownFeatures = ownFeatures.slice(0, at);
	ownWeights = ownWeights.slice(0, at);
	// Computed once per feature: a query looks up every feature of the post.
	const idfs = Float64Array.from(df, (count) => Math.log((n + 1) / (count + 1)) + 1);
	const unseenIdf = Math.log((n + 1) / 1) + 1;
	const idf = (key: string): number => {
		const id = featureIds.get(key);
		return id === undefined ? unseenIdf : (idfs[id] as number);
	};
	// Each case's weights (log tf × idf over the vector's norm), in place of its counts; a list per feature, sized by
	// its document frequency. Typed arrays: a posting list is read once per post that shares the feature, 10,000
	// cases long for common words.
	const postings: Postings[] = df.map((count) => ({ docs: new Int32Array(count), weights: new Float64Array(count) }));
	const filled = new Int32Array(df.length);
	const maxWeight = new Float64Array(df.length);
	for (let doc = 0; doc < n; doc += 1) {
		const from = offsets[doc] as number;
		const to = offsets[doc + 1] as number;
		let squares = 0;
		for (let j = from; j < to; j += 1) {
			const w = (1 + Math.log(ownWeights[j] as number)) * (idfs[ownFeatures[j] as number] as number);
			ownWeights[j] = w;
			squares += w * w;
		}
		const norm = Math.sqrt(squares) || 1;
		for (let j = from; j < to; j += 1) {
			const id = ownFeatures[j] as number;
			const w = (ownWeights[j] as number) / norm;
			ownWeights[j] = w;
			const list = postings[id] as Postings;
			const slot = filled[id] as number;
			(list.docs as Int32Array)[slot] = doc;
			(list.weights as Float64Array)[slot] = w;
			filled[id] = slot + 1;
			if (w > (maxWeight[id] as number)) maxWeight[id] = w;
		}
	}
	const featuresOf = ownFeatures;
	const weightsOf = ownWeights;
	let longestCase = 0;
	for (let doc = 0; doc < n; doc += 1)
		longestCase = Math.max(longestCase, (offsets[doc + 1] as number) - (offsets[doc] as number));

	// Scratch space reused by every query (each leaves it as it found it).
	const scores = new Float64Array(n);
	const squares = new Float64Array(n);
	const scored = new Uint8Array(n);
	const touchedScratch = new Int32Array(n);
	const queryPosition = new Int32Array(df.length).fill(-1);
	const matchedAt = new Int32Array(longestCase);
	const matchedWeight = new Float64Array(longestCase);

	const neighbour = (doc: number, similarity: number): Neighbour => {
		const d = docs[doc] as Doc;
		return {
			id: d.c.id,
			cause: d.cause,
			group: d.group,
			underdetermined: d.c.underdetermined,
			entry: d.c.entry ?? null,
			similarity,
		};
	};
	/**
	 * The best `k` hits as they come, best first: similarity (clamped to 1) descending, ties by id, a later hit after an
	 * equal one (what a stable sort of all hits, then its first `k`, gives). Only the kept ones become `Neighbour`s: a
	 * post shares a word with hundreds of cases, and an object for each was most of a query's garbage.
	 */
	const topHits = (k: number) => {
		const kept: number[] = [];
		const sims: number[] = [];
		const before = (similarity: number, doc: number, at: number): boolean => {
			const other = sims[at] as number;
			return (
				similarity > other ||
				(similarity === other && (docs[doc] as Doc).c.id.localeCompare((docs[kept[at] as number] as Doc).c.id) < 0)
			);
		};
		return {
			add(doc: number, unclamped: number): void {
				const similarity = Math.min(1, unclamped);
				if (kept.length === k && !before(similarity, doc, k - 1)) return;
				let at = kept.length;
				while (at > 0 && before(similarity, doc, at - 1)) at -= 1;
				kept.splice(at, 0, doc);
				sims.splice(at, 0, similarity);
				if (kept.length > k) {
					kept.pop();
					sims.pop();
				}
			},
			neighbours: (): Neighbour[] => kept.map((doc, i) => neighbour(doc, sims[i] as number)),
		};
	};

	/** Adds up the posting list of every feature the post shares, in query order: every case sharing one is scored. */
	function scan(terms: readonly Term[], k: number, floor: number, excludeGroup: string | undefined): Neighbour[] {
		// Accumulate in reused arrays: a Map per query made garbage that showed up as p99 pauses.
		let count = 0;
		for (const { feature, q } of terms) {
			const { docs: ids, weights } = postings[feature] as Postings;
			for (let i = 0; i < ids.length; i += 1) {
				const doc = ids[i] as number;
				if (scores[doc] === 0) {
					touchedScratch[count] = doc;
					count += 1;
				}
				scores[doc] = (scores[doc] as number) + q * (weights[i] as number);
			}
		}
		const touched = touchedScratch.subarray(0, count);
		options.onScored?.(Array.from(touched, (doc) => (docs[doc] as Doc).c.id));
		const hits = topHits(k);
		for (const doc of touched) {
			const similarity = scores[doc] as number;
			scores[doc] = 0;
			if (similarity < floor || docs[doc]?.group === excludeGroup) continue;
			hits.add(doc, similarity);
		}
		return hits.neighbours();
	}

	/** One case's similarity from its own feature list, added up in query order as `scan` adds it up. */
	function similarityOf(doc: number, qs: Float64Array): number {
		let count = 0;
		for (let j = offsets[doc] as number; j < (offsets[doc + 1] as number); j += 1) {
			const position = queryPosition[featuresOf[j] as number] as number;
			if (position < 0) continue;
			// Insertion by query position: a case shares a handful of a post's features.
			let at = count;
			while (at > 0 && (matchedAt[at - 1] as number) > position) {
				matchedAt[at] = matchedAt[at - 1] as number;
				matchedWeight[at] = matchedWeight[at - 1] as number;
				at -= 1;
			}
			matchedAt[at] = position;
			matchedWeight[at] = weightsOf[j] as number;
			count += 1;
		}
		let sum = 0;
		for (let i = 0; i < count; i += 1) sum += (qs[matchedAt[i] as number] as number) * (matchedWeight[i] as number);
		return sum;
	}

	/** MaxScore over the terms (see above); null when the candidates' lists are most of what a scan reads. */
	function pruned(
		terms: readonly Term[],
		qs: Float64Array,
		k: number,
		floor: number,
		excludeGroup: string | undefined,
	): Neighbour[] | null {
		const hits = topHits(k);
		/** The best `k` similarities of hits so far, ascending; the bar is the lowest once there are `k`. */
		const top: number[] = [];
		let bar = floor;
		const touched: number[] = [];
		const score = (doc: number): void => {
			scored[doc] = 1;
			touched.push(doc);
			const similarity = similarityOf(doc, qs);
			if (similarity < floor || docs[doc]?.group === excludeGroup) return;
			hits.add(doc, similarity);
			if (top.length === k && similarity <= (top[0] as number)) return;
			let at = top.length;
			while (at > 0 && (top[at - 1] as number) > similarity) at -= 1;
			top.splice(at, 0, similarity);
			if (top.length > k) top.shift();
			if (top.length === k) bar = Math.max(floor, Math.min(top[0] as number, MAX_PRUNING_THRESHOLD));
		};
		/** Clears the marks; `report` when this search stands (not handed over to the scan). */
		const done = (report: boolean): void => {
			if (report) options.onScored?.(touched.map((doc) => (docs[doc] as Doc).c.id));
			for (const doc of touched) scored[doc] = 0;
		};

		// Seeds: the cases sharing the post's strongest features.
		const strongest = [...terms].sort((a, b) => b.bound - a.bound || a.position - b.position);
		seeding: for (const term of strongest)
			for (const doc of (postings[term.feature] as Postings).docs) {
				if (touched.length >= SEED_CASES) break seeding;
				if (scored[doc] === 0) score(doc);
			}

		// The weak features: the weakest ones whose bounds, or the norm of whose query weights, stay under the bar.
		const weakest = strongest.reverse();
		let weakBound = 0;
		let weakSquares = 0;
		let weak = 0;
		for (; weak < weakest.length; weak += 1) {
			const { bound, q } = weakest[weak] as Term;
			if (Math.min(weakBound + bound, Math.sqrt(weakSquares + q * q)) >= bar - BOUND_SLACK) break;
			weakBound += bound;
			weakSquares += q * q;
		}
		const strong = weakest.slice(weak);
		const length = (list: readonly Term[]): number =>
			list.reduce((sum, term) => sum + (postings[term.feature] as Postings).docs.length, 0);
		const strongLength = length(strong);
		const allLength = length(weakest);
		if (strongLength > MAX_CANDIDATE_SHARE * allLength) {
			done(false);
			return null;
		}
		const weakNorm = Math.sqrt(weakSquares);
		const candidates: number[] = [];
		for (const { feature, q } of strong) {
			const { docs: ids, weights } = postings[feature] as Postings;
			for (let i = 0; i < ids.length; i += 1) {
				const doc = ids[i] as number;
				if (scored[doc] === 1) continue;
				const w = weights[i] as number;
				if (scores[doc] === 0) candidates.push(doc);
				scores[doc] = (scores[doc] as number) + q * w;
				squares[doc] = (squares[doc] as number) + w * w;
			}
		}
		// The candidates the strong features favour most are scored first: they raise the bar the others must reach.
		const leaders: number[] = [];
		for (const doc of candidates) {
			const partial = scores[doc] as number;
			if (leaders.length === LEADERS && partial <= (scores[leaders[LEADERS - 1] as number] as number)) continue;
			let at = leaders.length;
			while (at > 0 && (scores[leaders[at - 1] as number] as number) < partial) at -= 1;
			leaders.splice(at, 0, doc);
			if (leaders.length > LEADERS) leaders.pop();
		}
		for (const doc of leaders) score(doc);
		// What the weak features can add to a case: the sum of their bounds, and (its vector being of norm 1) the norm
		// of their query weights times the norm of the rest of the case's vector.
		for (const doc of candidates) {
			if (scored[doc] === 1) {
				scores[doc] = 0;
				squares[doc] = 0;
				continue;
			}
			const rest = Math.sqrt(Math.max(0, 1 - (squares[doc] as number)));
			const bound = (scores[doc] as number) + Math.min(weakBound, weakNorm * rest);
			scores[doc] = 0;
			squares[doc] = 0;
			if (bound >= bar - BOUND_SLACK) score(doc);
		}
		done(true);
		return hits.neighbours();
	}

	return {
		size: n,
		neighbours(text, k, floor, excludeGroup) {
			const features = caseFeatures(text);
			// Each feature's weight, in the order the features came: the norm and the sums add them up in that order.
			const ws = new Float64Array(features.size);
			let position = 0;
			let squares = 0;
			for (const [key, tf] of features) {
				const w = (1 + Math.log(tf)) * idf(key);
				ws[position] = w;
				squares += w * w;
				position += 1;
			}
			const norm = Math.sqrt(squares);
			if (norm === 0 || k <= 0) return [];
			const terms: Term[] = [];
			const qs = new Float64Array(features.size);
			position = 0;
			for (const key of features.keys()) {
				const feature = featureIds.get(key);
				if (feature !== undefined) {
					const q = (ws[position] as number) / norm;
					qs[position] = q;
					terms.push({ position, feature, q, bound: q * (maxWeight[feature] as number) });
				}
				position += 1;
			}
			let postingsRead = 0;
			for (const term of terms) postingsRead += (postings[term.feature] as Postings).docs.length;
			if (options.exhaustive === true || postingsRead < SCAN_POSTINGS) return scan(terms, k, floor, excludeGroup);
			for (const term of terms) queryPosition[term.feature] = term.position;
			const found = pruned(terms, qs, k, floor, excludeGroup);
			for (const term of terms) queryPosition[term.feature] = -1;
			return found ?? scan(terms, k, floor, excludeGroup);
		},
	};
}

/**
 * How much more a community case's vote counts than a shipped case's: its label was confirmed by this community's
 * moderators on this community's own setups (routes, relays, vendors), so among neighbours it is the closer evidence.
 */
export const COMMUNITY_VOTE_WEIGHT = 2;

/**
 * Per cause, the share of neighbour similarity it holds (determinable neighbours only; a community case's vote counts
 * `COMMUNITY_VOTE_WEIGHT` times), the best similarity, and the best of a community case (0: none).
 */
export function neighbourVotes(
	neighbours: readonly Neighbour[],
): Map<string, { share: number; best: number; bestCommunity: number }> {
	const votes = new Map<string, { sum: number; best: number; bestCommunity: number }>();
	let total = 0;
	for (const nb of neighbours) {
		if (nb.underdetermined) continue;
		const community = isCommunityCaseId(nb.id);
		const w = nb.similarity * nb.similarity * (community ? COMMUNITY_VOTE_WEIGHT : 1);
		total += w;
		const v = votes.get(nb.cause) ?? { sum: 0, best: 0, bestCommunity: 0 };
		votes.set(nb.cause, {
			sum: v.sum + w,
			best: Math.max(v.best, nb.similarity),
			bestCommunity: community ? Math.max(v.bestCommunity, nb.similarity) : v.bestCommunity,
		});
	}
	const out = new Map<string, { share: number; best: number; bestCommunity: number }>();
	for (const [cause, v] of votes)
		out.set(cause, { share: total === 0 ? 0 : v.sum / total, best: v.best, bestCommunity: v.bestCommunity });
	return out;
}
