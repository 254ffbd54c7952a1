import type { Evidence } from './evidence.js';
import { type Contains, evidenceFieldKeys, type SignalGate } from './signals.js';

/**
 * Which entries can fire on a post, found from an index instead of running every entry's signals: the literal
 * needles and field keys of all entries' gates (see `entryGates`) point back at their entries. The result is a
 * superset of the entries whose signals fire, in KB order, so matching over it gives exactly what a scan gives.
 */
export interface CandidateIndex {
	of(ev: Evidence): Candidates;
}

/** What one scan of a post found. */
export interface Candidates {
	/** Positions (in the compiled KB's order) of the entries whose gates are open for this post, ascending. */
	readonly positions: number[];
	/** `ev.lower.includes(literal)`, looked up in the scan for the literals it looked for. */
	readonly contains: Contains;
}

/** Shortest needle found through the gram table; shorter ones are looked for with `includes`. */
const GRAM = 3;

/** A 30-bit hash of the three UTF-16 units at `i`: collisions only cost a `startsWith` that fails. */
const gramAt = (s: string, i: number): number =>
	(s.charCodeAt(i) * 1_048_576 + s.charCodeAt(i + 1) * 1_024 + s.charCodeAt(i + 2)) & 0x3fffffff;

/**
 * How many of the needles hold each gram, each needle counted once: an open-addressing table in one typed array (10,000
 * entries' needles hold over half a million grams, and two Maps of them were most of building the scanner).
 */
class GramCounts {
	/** Per slot, three numbers: the gram + 1 (0: empty), how many needles hold it, the last needle counted. */
	private slots = new Int32Array(3 * 4096);
	private mask = 4095;
	private used = 0;

	constructor(needles: readonly string[]) {
		needles.forEach((needle, id) => {
			for (let i = 0; i + GRAM <= needle.length; i += 1) {
				const at = 3 * this.slotOf(gramAt(needle, i));
				if (this.slots[at + 2] === id) continue;
				this.slots[at + 2] = id;
				this.slots[at + 1] = (this.slots[at + 1] as number) + 1;
			}
		});
	}

	/** How many needles hold the gram. */
	of(gram: number): number {
		return this.slots[3 * this.slotOf(gram) + 1] as number;
	}

	/** The gram's slot, claimed for it if it has none (with no needle counted yet). */
	private slotOf(gram: number): number {
		const key = gram + 1;
		for (let slot = Math.imul(gram, 0x9e3779b1) & this.mask; ; slot = (slot + 1) & this.mask) {
			const at = this.slots[3 * slot] as number;
			if (at === key) return slot;
			if (at !== 0) continue;
			if (2 * (this.used + 1) > this.mask + 1) {
				this.grow();
				return this.slotOf(gram);
			}
			this.slots[3 * slot] = key;
			this.slots[3 * slot + 2] = -1;
			this.used += 1;
			return slot;
		}
	}

	private grow(): void {
		const old = this.slots;
		this.slots = new Int32Array(2 * old.length);
		this.mask = 2 * (this.mask + 1) - 1;
		for (let at = 0; at < old.length; at += 3) {
			const key = old[at] as number;
			if (key === 0) continue;
			let slot = Math.imul(key - 1, 0x9e3779b1) & this.mask;
			while (this.slots[3 * slot] !== 0) slot = (slot + 1) & this.mask;
			this.slots.set(old.subarray(at, at + 3), 3 * slot);
		}
	}
}

/**
 * Finds which of a fixed set of needles occur in a text in one pass over the text: each needle is filed under its
 * rarest 3-gram (fewest other needles share it) and checked with `startsWith` only where that gram occurs. Cost
 * grows with the text, not with the number of needles (beyond the needles that share a gram with the text).
 */
export class NeedleScanner {
	private readonly needles: readonly string[];
	/** Gram hash → flat pairs (needle id, offset of the gram in the needle). */
	private readonly table = new Map<number, number[]>();
	private readonly short: number[] = [];

	constructor(needles: readonly string[]) {
		this.needles = needles;
		const df = new GramCounts(needles);
		needles.forEach((needle, id) => {
			if (needle.length < GRAM) {
				this.short.push(id);
				return;
			}
			let bestAt = 0;
			let bestDf = Number.POSITIVE_INFINITY;
			for (let i = 0; i + GRAM <= needle.length; i += 1) {
				const d = df.of(gramAt(needle, i));
				if (d < bestDf) {
					bestDf = d;
					bestAt = i;
				}
			}
			const key = gramAt(needle, bestAt);
			const list = this.table.get(key) ?? [];
			list.push(id, bestAt);
			this.table.set(key, list);
		});
	}

	/** Ids of the needles that occur in `text`, each once, in no particular order. */
	find(text: string): number[] {
		const found: number[] = [];
		const seen = new Set<number>();
		for (const id of this.short)
			if (text.includes(this.needles[id] as string)) {
				seen.add(id);
				found.push(id);
			}
		for (let i = 0; i + GRAM <= text.length; i += 1) {
			const list = this.table.get(gramAt(text, i));
			if (list === undefined) continue;
			for (let k = 0; k < list.length; k += 2) {
				const id = list[k] as number;
				const start = i - (list[k + 1] as number);
				if (start < 0 || seen.has(id) || !text.startsWith(this.needles[id] as string, start)) continue;
				seen.add(id);
				found.push(id);
			}
		}
		return found;
	}
}

/**
 * Builds the candidate index of entries from each one's gates (`entryGates`; their order is the order `of` reports
 * positions in). The same scan of a post looks for `probes` too (the literals the entries' signals test), so firing
 * the candidates reads the text no more.
 */
export function buildCandidateIndex(
	gatesOfEntries: readonly (readonly SignalGate[] | null)[],
	probes: readonly string[] = [],
): CandidateIndex {
	const always: number[] = [];
	const needleIds = new Map<string, number>();
	const byNeedle: number[][] = [];
	const byField = new Map<string, number[]>();
	gatesOfEntries.forEach((gates, position) => {
		if (gates === null) {
			always.push(position);
			return;
		}
		for (const gate of gates) {
			for (const literal of gate.literals) {
				let id = needleIds.get(literal);
				if (id === undefined) {
					id = byNeedle.length;
					needleIds.set(literal, id);
					byNeedle.push([]);
				}
				byNeedle[id]?.push(position);
			}
			for (const field of gate.fields) {
				const list = byField.get(field) ?? [];
				list.push(position);
				byField.set(field, list);
			}
		}
	});
	for (const probe of probes)
		if (!needleIds.has(probe)) {
			needleIds.set(probe, byNeedle.length);
			byNeedle.push([]);
		}
	const scanner = new NeedleScanner([...needleIds.keys()]);
	const marks = new Uint8Array(gatesOfEntries.length);
	return {
		of(ev) {
			const out: number[] = [];
			const add = (position: number) => {
				if (marks[position] === 1) return;
				marks[position] = 1;
				out.push(position);
			};
			for (const position of always) add(position);
			const found = scanner.find(ev.lower);
			for (const id of found) for (const position of byNeedle[id] ?? []) add(position);
			for (const key of evidenceFieldKeys(ev)) for (const position of byField.get(key) ?? []) add(position);
			for (const position of out) marks[position] = 0;
			const present = new Set(found);
			const contains: Contains = (literal) => {
				const id = needleIds.get(literal);
				return id === undefined ? ev.lower.includes(literal) : present.has(id);
			};
			return { positions: out.sort((a, b) => a - b), contains };
		},
	};
}
