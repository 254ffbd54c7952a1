import { ByteStringIds } from './byte-string-ids.js';
import type { KbEntry } from './entry-schema.js';
import { entryColumns, type TextHit, type TextIndex } from './text-index.js';
import { grown } from './typed-arrays.js';
import { byteString, forEachTokenBytes, ftsTokens, porterStem } from './unicode61.js';

/** Column weights (title, prose, examples): title and examples say more about an entry than its prose. */
const COLUMN_WEIGHTS = [2, 1, 2] as const;
const K1 = 1.2;
const B = 0.75;

/** Fixed-point bits for `correctlyRoundedLog`. */
const PRECISION = 160n;
const ONE = 1n << PRECISION;

/** atanh(a / b) in fixed point, by its series (|a / b| < 0.18 here, so about 5 bits a term). */
function atanhFixed(a: bigint, b: bigint): bigint {
	if (a < 0n) return -atanhFixed(-a, b);
	const z = (a << PRECISION) / b;
	const z2 = (z * z) >> PRECISION;
	let term = z;
	let sum = 0n;
	for (let k = 1n; term !== 0n; k += 2n) {
		sum += term / k;
		term = (term * z2) >> PRECISION;
	}
	return sum;
}
const LN2 = 2n * atanhFixed(1n, 3n);

/**
 * ln(x) rounded to the nearest double. SQLite calls the C library's log() for the IDF, which glibc rounds correctly
 * but for rare inputs, while V8's Math.log is often one unit in the last place off; this agrees with glibc on every
 * IDF of the shipped and 10k KBs (bench/bm25-compare.ts). Runs once per distinct document frequency.
 */
export function correctlyRoundedLog(x: number): number {
	const view = new DataView(new ArrayBuffer(8));
	view.setFloat64(0, x);
	const high = view.getUint32(0);
	let exponent = (high >>> 20) & 0x7ff;
	let mantissa = (BigInt(high & 0xfffff) << 32n) | BigInt(view.getUint32(4));
	if (!(x > 0) || exponent === 0x7ff) return Math.log(x);
	if (exponent === 0) exponent = 1;
	else mantissa |= 1n << 52n;
	// x = f * 2^k with f in [1, 2), then in [sqrt(1/2), sqrt(2)) so the series converges fast.
	const bits = mantissa.toString(2).length;
	let k = exponent - 1075 + bits - 1;
	let f = (mantissa << PRECISION) >> BigInt(bits - 1);
	if (f * f > 2n * ONE * ONE) {
		f >>= 1n;
		k += 1;
	}
	const ln = 2n * atanhFixed(f - ONE, f + ONE) + BigInt(k) * LN2;
	return Number(ln) / 2 ** Number(PRECISION);
}

/** One token's postings: the documents holding it (ascending) and its weighted frequency in each. */
interface Postings {
	readonly docs: Int32Array;
	readonly freqs: Float64Array;
}

/**
 * A `TextIndex` in memory that ranks exactly as the SQLite FTS5 table it replaced: `bm25(kb, 0, 2, 1, 2)` over
 * (title, prose, examples) tokenized by 'porter unicode61 remove_diacritics 2', each query term a phrase, terms
 * OR-ed, ties by KB order. Same tokens (src/kb/unicode61.ts), same IDF (floored at 1e-6), whole-row lengths and
 * the same floating-point operations in the same order, so scores are equal to the last bit (tested against FTS5 in
 * test/unit/bm25-index.test.ts). Only documents sharing a query term are scored.
 */
export function createBm25Index(entries: readonly KbEntry[]): TextIndex {
	const ids = entries.map((e) => e.id);
	const n = entries.length;
	const tokenIds = new Map<string, number>();
	/** Ids of the unstemmed words, read from their bytes; a word's token id (its stem's) is `tokenOfWord[word]`. */
	const words = new ByteStringIds();
	const tokenOfWord: number[] = [];
	/**
	 * Every column of every document as token ids, one after another, each column after a separator (-1): a phrase of
	 * several tokens (`rate_limit`) is found from where its rarest token occurs, without reading whole documents.
	 */
	let stream = new Int32Array(1 << 16);
	let streamLength = 0;
	/** Where column `3 * doc + c` starts in `stream` (its separator), ascending; one more start ends the last. */
	const columnStarts = new Int32Array(3 * n + 1);
	const lengths = new Float64Array(n);
	let total = 0;
	const append = (value: number): void => {
		if (streamLength === stream.length) stream = grown(stream, stream.length * 2);
		stream[streamLength] = value;
		streamLength += 1;
	};
	const onToken = (bytes: Uint8Array, length: number): void => {
		let word = words.find(bytes, length);
		if (word < 0) {
			word = words.add(bytes, length);
			const token = porterStem(byteString(bytes, length));
			let id = tokenIds.get(token);
			if (id === undefined) {
				id = tokenIds.size;
				tokenIds.set(token, id);
			}
			tokenOfWord.push(id);
		}
		append(tokenOfWord[word] as number);
	};
	for (let doc = 0; doc < n; doc += 1) {
		const columns = entryColumns(entries[doc] as KbEntry);
		const from = streamLength;
		for (let column = 0; column < 3; column += 1) {
			columnStarts[3 * doc + column] = streamLength;
			append(-1);
			// A column's pieces are its lines: no token runs across a line break, so they are tokenized one by one.
			for (const piece of columns[column] as readonly string[]) forEachTokenBytes(piece, onToken);
		}
		const length = streamLength - from - 3;
		lengths[doc] = length;
		total += length;
	}
	columnStarts[3 * n] = streamLength;
	// A last separator ends the last column; the stream is kept at its length.
	const ended = new Int32Array(streamLength + 1);
	ended.set(stream.subarray(0, streamLength));
	ended[streamLength] = -1;
	stream = ended;
	const tokenCount = tokenIds.size;
	// From the stream: how often each token occurs, in how many documents, then each token's postings (documents
	// ascending, weighted frequencies added up in column order) and occurrences (positions in `stream`, ascending),
	// each kind flat in one typed array: token t's are at [starts[t], starts[t + 1]).
	const occurrenceCounts = new Int32Array(tokenCount);
	const documentCounts = new Int32Array(tokenCount);
	const lastDoc = new Int32Array(tokenCount).fill(-1);
	for (let doc = 0; doc < n; doc += 1)
		for (let at = columnStarts[3 * doc] as number; at < (columnStarts[3 * doc + 3] as number); at += 1) {
			const id = stream[at] as number;
			if (id < 0) continue;
			occurrenceCounts[id] = (occurrenceCounts[id] as number) + 1;
			if (lastDoc[id] !== doc) {
				lastDoc[id] = doc;
				documentCounts[id] = (documentCounts[id] as number) + 1;
			}
		}
	const occurrenceStarts = new Int32Array(tokenCount + 1);
	const postingStarts = new Int32Array(tokenCount + 1);
	for (let id = 0; id < tokenCount; id += 1) {
		occurrenceStarts[id + 1] = (occurrenceStarts[id] as number) + (occurrenceCounts[id] as number);
		postingStarts[id + 1] = (postingStarts[id] as number) + (documentCounts[id] as number);
	}
	const occurrences = new Int32Array(occurrenceStarts[tokenCount] as number);
	const postingDocs = new Int32Array(postingStarts[tokenCount] as number);
	const postingFreqs = new Float64Array(postingStarts[tokenCount] as number);
	const nextOccurrence = occurrenceStarts.slice(0, tokenCount);
	const nextPosting = postingStarts.slice(0, tokenCount);
	lastDoc.fill(-1);
	for (let doc = 0; doc < n; doc += 1)
		for (let column = 0; column < 3; column += 1) {
			const weight = COLUMN_WEIGHTS[column] as number;
			for (
				let at = columnStarts[3 * doc + column] as number;
				at < (columnStarts[3 * doc + column + 1] as number);
				at += 1
			) {
				const id = stream[at] as number;
				if (id < 0) continue;
				occurrences[nextOccurrence[id] as number] = at;
				nextOccurrence[id] = (nextOccurrence[id] as number) + 1;
				if (lastDoc[id] === doc) {
					const last = (nextPosting[id] as number) - 1;
					postingFreqs[last] = (postingFreqs[last] as number) + weight;
				} else {
					lastDoc[id] = doc;
					const slot = nextPosting[id] as number;
					postingDocs[slot] = doc;
					postingFreqs[slot] = weight;
					nextPosting[id] = slot + 1;
				}
			}
		}
	const postings: Postings[] = [];
	for (let id = 0; id < tokenCount; id += 1) {
		const from = postingStarts[id] as number;
		const to = postingStarts[id + 1] as number;
		postings.push({ docs: postingDocs.subarray(from, to), freqs: postingFreqs.subarray(from, to) });
	}
	const avgdl = total / n;
	// The denominator's length part, k1 * (1 - b + b * D / avgdl), as FTS5 computes it per row.
	const lengthNorm = new Float64Array(n);
	for (let doc = 0; doc < n; doc += 1) lengthNorm[doc] = K1 * (1 - B + (B * (lengths[doc] as number)) / avgdl);

	/**
	 * Postings of a phrase of several tokens: each place its rarest token occurs where the others stand around it, in
	 * one column (a separator stands between columns), counted with the column's weight, by document ascending.
	 */
	function phrasePostings(tokens: readonly number[]): Postings {
		let rarest = 0;
		for (let k = 1; k < tokens.length; k += 1)
			if ((occurrenceCounts[tokens[k] as number] as number) < (occurrenceCounts[tokens[rarest] as number] as number))
				rarest = k;
		const token = tokens[rarest] as number;
		const docs: number[] = [];
		const freqs: number[] = [];
		let column = 0;
		for (let o = occurrenceStarts[token] as number; o < (occurrenceStarts[token + 1] as number); o += 1) {
			const start = (occurrences[o] as number) - rarest;
			let k = 0;
			while (k < tokens.length && stream[start + k] === tokens[k]) k += 1;
			if (k < tokens.length) continue;
			// The column holding `start`: the last one starting before it. Occurrences ascend, so it is this one or one
			// after it, most often near: gallop from it, then halve.
			let step = 1;
			while (column + step < columnStarts.length && (columnStarts[column + step] as number) < start) {
				column += step;
				step *= 2;
			}
			let high = Math.min(column + step, columnStarts.length) - 1;
			while (column < high) {
				const middle = (column + high + 1) >> 1;
				if ((columnStarts[middle] as number) < start) column = middle;
				else high = middle - 1;
			}
			const doc = (column / 3) | 0;
			const weight = COLUMN_WEIGHTS[column % 3] as number;
			if (docs[docs.length - 1] === doc) freqs[freqs.length - 1] = (freqs[freqs.length - 1] as number) + weight;
			else {
				docs.push(doc);
				freqs.push(weight);
			}
		}
		return { docs: Int32Array.from(docs), freqs: Float64Array.from(freqs) };
	}

	const NONE: Postings = { docs: new Int32Array(0), freqs: new Float64Array(0) };
	/** Postings by query term: posts repeat their words, and tokenizing and stemming them cost more than the lookup. */
	const byTerm = new Map<string, Postings>();
	function phrase(term: string): Postings {
		let found = byTerm.get(term);
		if (found !== undefined) return found;
		const tokens = ftsTokens(term).map((t) => tokenIds.get(t));
		if (tokens.length === 0 || tokens.some((t) => t === undefined)) found = NONE;
		else if (tokens.length === 1) found = postings[tokens[0] as number] as Postings;
		else found = phrasePostings(tokens as number[]);
		if (byTerm.size >= 20_000) byTerm.clear();
		byTerm.set(term, found);
		return found;
	}

	/** bm25()'s IDF by document frequency, floored at 1e-6 (a term in over half the rows), computed once each. */
	const idfs = new Float64Array(n + 1);
	function idfOf(hits: number): number {
		let idf = idfs[hits] as number;
		if (idf === 0) {
			idf = correctlyRoundedLog((n - hits + 0.5) / (hits + 0.5));
			if (idf <= 0) idf = 1e-6;
			idfs[hits] = idf;
		}
		return idf;
	}

	// Scratch space reused by every query: a score per document and the list of documents touched.
	const scores = new Float64Array(n);
	const touched = new Int32Array(n);
	const seen = new Uint8Array(n);
	return {
		search(terms: readonly string[], limit: number): TextHit[] {
			if (n === 0 || limit <= 0) return [];
			let count = 0;
			// Phrase by phrase in query order, as bm25() sums them; a phrase absent from a row adds exactly 0 there.
			for (const term of terms) {
				const safe = term.replace(/"/g, '');
				if (safe.length === 0) continue;
				const { docs, freqs } = phrase(safe);
				const hits = docs.length;
				if (hits === 0) continue;
				const idf = idfOf(hits);
				for (let i = 0; i < hits; i += 1) {
					const doc = docs[i] as number;
					const freq = freqs[i] as number;
					if (seen[doc] === 0) {
						seen[doc] = 1;
						touched[count] = doc;
						count += 1;
					}
					scores[doc] = (scores[doc] as number) + idf * ((freq * (K1 + 1)) / (freq + (lengthNorm[doc] as number)));
				}
			}
			// The best `limit`, best first, ties by KB order (FTS5 visits rows in rowid order; the sort is stable).
			const top: number[] = [];
			for (let i = 0; i < count; i += 1) {
				const doc = touched[i] as number;
				const score = scores[doc] as number;
				if (top.length === limit) {
					const last = top[limit - 1] as number;
					const lastScore = scores[last] as number;
					if (score < lastScore || (score === lastScore && doc > last)) continue;
					top.pop();
				}
				let at = top.length;
				while (at > 0) {
					const other = top[at - 1] as number;
					const otherScore = scores[other] as number;
					if (otherScore > score || (otherScore === score && other < doc)) break;
					at -= 1;
				}
				top.splice(at, 0, doc);
			}
			const out = top.map((doc) => ({ entryId: ids[doc] as string, score: scores[doc] as number }));
			for (let i = 0; i < count; i += 1) {
				const doc = touched[i] as number;
				scores[doc] = 0;
				seen[doc] = 0;
			}
			return out;
		},
	};
}
