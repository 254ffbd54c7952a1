import type { KbEntry } from './entry-schema.js';

/**
 * Identifiers the knowledge base matches on (error codes, types, exception names), for repairing what OCR misread:
 * `unsupported country region territory` (underscores read as spaces) or `insufficient_quota` with a letter wrong.
 * Compared by character trigrams, which survive a wrong or missing character where exact matching does not.
 */
export interface OcrVocabulary {
	readonly terms: readonly string[];
	/** Each term's trigrams, computed once. */
	readonly termGrams: readonly ReadonlySet<string>[];
	/** How many parts (words read with their separators lost) each term has, computed once. */
	readonly termPartCounts: readonly number[];
	/** Trigram → indexes of the terms that hold it. */
	readonly grams: ReadonlyMap<string, readonly number[]>;
}

/** Kinds whose values are identifiers worth repairing. */
const IDENTIFIER_KINDS = new Set(['code', 'type', 'reason', 'exception', 'text']);
/** Shorter identifiers are left alone: two misread letters would turn one into another. */
const MIN_TERM = 8;
/** Dice similarity of trigram sets from which a window is taken for the term. */
const MIN_SIMILARITY = 0.72;

const isIdentifier = (value: string): boolean =>
	value.length >= MIN_TERM && !/\s/.test(value) && /[_.]|[a-z][A-Z]/.test(value) && /^[\w.-]+$/.test(value);

/** Trigrams of a term with its separators removed, lower-cased, padded at the ends. */
function trigrams(text: string): Set<string> {
	const s = ` ${text.toLowerCase().replace(/[^a-z0-9]/g, '')} `;
	const out = new Set<string>();
	for (let i = 0; i + 3 <= s.length; i++) out.add(s.slice(i, i + 3));
	return out;
}

function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
	let common = 0;
	for (const g of a) if (b.has(g)) common++;
	return (2 * common) / (a.size + b.size || 1);
}

/** The parts of an identifier: split at `_`, `.`, `-` and lower-to-upper case changes. */
const termParts = (term: string): number => term.split(/[_.-]+|(?<=[a-z])(?=[A-Z])/).filter((p) => p.length > 0).length;

/** The identifiers of every entry's signals, once each. */
export function buildOcrVocabulary(entries: readonly KbEntry[]): OcrVocabulary {
	const terms = new Set<string>();
	for (const entry of entries)
		for (const signal of entry.signals) {
			const checks = signal.kind === 'all' ? signal.of : [signal];
			for (const check of checks)
				if (IDENTIFIER_KINDS.has(check.kind) && typeof check.value === 'string' && isIdentifier(check.value))
					terms.add(check.value);
		}
	const list = [...terms].sort();
	const grams = new Map<string, number[]>();
	list.forEach((term, i) => {
		for (const g of trigrams(term)) {
			const at = grams.get(g);
			if (at === undefined) grams.set(g, [i]);
			else at.push(i);
		}
	});
	return { terms: list, termGrams: list.map(trigrams), termPartCounts: list.map(termParts), grams };
}

const WORD = /[A-Za-z0-9][A-Za-z0-9_-]*/g;

/**
 * `text` with runs of one to four words that read like a vocabulary identifier replaced by it. A run already equal to
 * a term is kept; a term is taken only when its trigrams match closely and its length is close. Pure.
 */
export function repairIdentifiers(text: string, vocabulary: OcrVocabulary): string {
	if (vocabulary.terms.length === 0) return text;
	return text
		.split('\n')
		.map((line) => repairLine(line, vocabulary))
		.join('\n');
}

function repairLine(line: string, vocabulary: OcrVocabulary): string {
	const words = [...line.matchAll(WORD)].map((m) => ({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length }));
	const replacements: { start: number; end: number; term: string }[] = [];
	let i = 0;
	while (i < words.length) {
		let best: { end: number; term: string; score: number; span: number } | null = null;
		for (let span = 1; span <= 4 && i + span <= words.length; span++) {
			const first = words[i];
			const last = words[i + span - 1];
			if (first === undefined || last === undefined) break;
			const window = line.slice(first.start, last.end);
			// Words joined by anything but single gaps are not one identifier.
			if (span > 1 && /\s{2,}|[^\w\s.-]/.test(window)) break;
			const found = closestTerm(window, vocabulary);
			// Separators read as spaces keep one word per part; a window with more or fewer words is prose that merely
			// looks like the term ("model is not available" is not model_not_available).
			if (found !== null && span > 1 && vocabulary.termPartCounts[found.index] !== span) continue;
			if (found !== null && (best === null || found.score > best.score))
				best = { end: last.end, term: found.term, score: found.score, span };
		}
		const first = words[i];
		if (best !== null && first !== undefined) {
			if (line.slice(first.start, best.end) !== best.term)
				replacements.push({ start: first.start, end: best.end, term: best.term });
			i += best.span;
		} else i++;
	}
	let out = line;
	for (const r of replacements.reverse()) out = out.slice(0, r.start) + r.term + out.slice(r.end);
	return out;
}

function closestTerm(window: string, vocabulary: OcrVocabulary): { term: string; index: number; score: number } | null {
	const bare = window.replace(/[^A-Za-z0-9]/g, '');
	if (bare.length < MIN_TERM - 1) return null;
	const grams = trigrams(window);
	const candidates = new Map<number, number>();
	for (const g of grams) for (const t of vocabulary.grams.get(g) ?? []) candidates.set(t, (candidates.get(t) ?? 0) + 1);
	// Words read apart were parts with separators (`invalid api key` is `invalid_api_key`); one word was one part or
	// camel case (`InvalidApiKey`). Between terms equally alike, the one written that way wins.
	const gaps = /\s/.test(window.trim());
	const written = (term: string) => /[_.-]/.test(term) === gaps;
	let best: { term: string; index: number; score: number } | null = null;
	for (const [index, shared] of candidates) {
		const term = vocabulary.terms[index];
		if (term === undefined || shared < 3) continue;
		const termBare = term.replace(/[^A-Za-z0-9]/g, '');
		if (Math.abs(termBare.length - bare.length) > Math.max(2, termBare.length * 0.15)) continue;
		const score = dice(grams, vocabulary.termGrams[index] ?? new Set());
		if (score < MIN_SIMILARITY) continue;
		if (best === null || score > best.score || (score === best.score && written(term) && !written(best.term)))
			best = { term, index, score };
	}
	return best;
}
