import type { KbEntry } from './entry-schema.js';

/** One full-text hit: higher `score` = more relevant (scale is the index's own). */
export interface TextHit {
	readonly entryId: string;
	readonly score: number;
}

/**
 * Full-text relevance over the KB's text (title, prose, examples, signal strings). The matcher takes it as a
 * parameter so it stays pure; `bm25-index.ts` implements it in memory with BM25, ranking as SQLite FTS5 does.
 */
export interface TextIndex {
	/** Entries most relevant to any of `terms`, best first, at most `limit`. */
	search(terms: readonly string[], limit: number): TextHit[];
	close?(): void;
}

/**
 * The searchable text of an entry's three columns (title, prose, examples), each as the pieces that, one line each,
 * make it up. A tokenizer that splits at line breaks can read the pieces one by one: a KB's strings come flat from
 * its YAML, and a string joined from them would be a tree V8 reads more slowly character by character.
 */
export function entryColumns(entry: KbEntry): readonly [readonly string[], readonly string[], readonly string[]] {
	return [[entry.title], [entry.diagnosis, entry.body], entry.examples];
}

/** The searchable text of an entry (title, prose, examples), the same for every index and the BM25 baseline. */
export function entryDocument(entry: KbEntry): { title: string; body: string; examples: string } {
	const [title, body, examples] = entryColumns(entry).map((pieces) => pieces.join('\n'));
	return { title: title as string, body: body as string, examples: examples as string };
}

const STOPWORDS = new Set(
	(
		'the and for you your with this that from are was were have has had not but can could would should will when what ' +
		'which who how why where there their then than them they its into also just like get got use using used any all ' +
		'our out one two error errors code http https www com null none true false message type param status request ' +
		'response please see more line file self return print import const let var def new api key'
	).split(' '),
);

/**
 * Query terms from free text: distinct words of 3+ letters (or CJK runs), minus stopwords and numbers, in order of
 * first appearance, at most `max`.
 */
export function queryTerms(text: string, max = 48): string[] {
	const terms: string[] = [];
	const seen = new Set<string>();
	for (const m of text.toLowerCase().matchAll(/[\p{L}\p{N}_]{3,}|\p{Script=Han}{2,}/gu)) {
		const term = m[0];
		if (seen.has(term) || STOPWORDS.has(term) || /^\d+$/.test(term) || term.length > 40) continue;
		seen.add(term);
		terms.push(term);
		if (terms.length >= max) break;
	}
	return terms;
}
