import { buildCaseIndex, type CaseIndex, type Neighbour } from './case-index.js';
import type { KbCase } from './case-schema.js';
import { type CompiledKb, withParts } from './match.js';

/** Where community cases come from: a revision that changes whenever they change, and the cases themselves. */
export interface CommunityCaseSource {
	/** Any value that differs after a case is stored, withdrawn or purged (compared with `!==`). */
	revision(): number;
	/** The cases the matcher may use (learned, not withdrawn), as case-base records, in id order. */
	list(): readonly KbCase[];
}

/** Community cases per index segment, by the number in their id (`community-<n>`): a change rebuilds one segment. */
export const SEGMENT_CASES = 500;

/** Several indexes searched as one: each one's neighbours, merged by similarity (ties by id), the best `k`. */
export function mergedCaseIndex(indexes: readonly CaseIndex[]): CaseIndex {
	return {
		size: indexes.reduce((n, i) => n + i.size, 0),
		neighbours(text, k, floor, excludeGroup) {
			const all: Neighbour[] = indexes.flatMap((i) => i.neighbours(text, k, floor, excludeGroup));
			return all.sort((a, b) => b.similarity - a.similarity || a.id.localeCompare(b.id)).slice(0, k);
		},
	};
}

const segmentOf = (c: KbCase): number => Math.floor(Number(/(\d+)$/.exec(c.id)?.[1] ?? 0) / SEGMENT_CASES);
/** What a segment's index depends on: a case's id, label and text. */
const signatureOf = (cases: readonly KbCase[]): string =>
	cases.map((c) => `${c.id}:${c.cause}:${c.entry ?? ''}:${c.situation.length}:${c.error.length}`).join('|');

/**
 * A segment smaller than this is indexed together with the shipped cases instead of alone: term weights (idf) need a
 * corpus, and a handful of cases alone would weigh every word of a post as rare.
 */
export const STANDALONE_MIN_CASES = 200;

/**
 * The shipped KB with the community's confirmed cases beside the shipped case base, at the next match after they
 * change (no restart), for the same matcher and calibration rules. Community cases are indexed in segments by id, so
 * storing or withdrawing a case rebuilds one segment: a full segment alone, the small ones together with the shipped
 * cases (a small community is thus indexed exactly as if its cases were shipped ones). The segments' neighbours are
 * merged by similarity.
 */
export function communityKb(
	base: CompiledKb,
	shipped: readonly KbCase[],
	source: CommunityCaseSource,
): { current(): CompiledKb; readonly communitySize: () => number } {
	const shippedIndex = base.cases ?? buildCaseIndex(shipped);
	const segments = new Map<number, { signature: string; index: CaseIndex }>();
	let small: { signature: string; index: CaseIndex } | null = null;
	let revision: number | null = null;
	let kb = base;
	let size = 0;
	return {
		current() {
			const now = source.revision();
			if (now === revision) return kb;
			const bySegment = new Map<number, KbCase[]>();
			const community = source.list();
			for (const c of community) {
				const key = segmentOf(c);
				const list = bySegment.get(key);
				if (list === undefined) bySegment.set(key, [c]);
				else list.push(c);
			}
			const smallCases: KbCase[] = [];
			for (const key of [...segments.keys()])
				if ((bySegment.get(key)?.length ?? 0) < STANDALONE_MIN_CASES) segments.delete(key);
			for (const [key, cases] of bySegment) {
				if (cases.length < STANDALONE_MIN_CASES) {
					smallCases.push(...cases);
					continue;
				}
				const signature = signatureOf(cases);
				if (segments.get(key)?.signature !== signature) segments.set(key, { signature, index: buildCaseIndex(cases) });
			}
			const smallSignature = signatureOf(smallCases);
			if (smallCases.length === 0) small = null;
			else if (small?.signature !== smallSignature)
				small = { signature: smallSignature, index: buildCaseIndex([...shipped, ...smallCases]) };
			size = community.length;
			const indexes = [small?.index ?? shippedIndex, ...[...segments.values()].map((s) => s.index)];
			kb =
				size === 0
					? base
					: withParts(base, { cases: indexes.length === 1 ? (indexes[0] ?? null) : mergedCaseIndex(indexes) });
			revision = now;
			return kb;
		},
		communitySize: () => size,
	};
}
