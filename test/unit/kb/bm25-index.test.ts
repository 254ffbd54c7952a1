import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createFtsIndex } from '../../../bench/fts-index.js';
import { unicode61TablesSource } from '../../../bench/unicode61-tables-source.js';
import { parseEvalCases } from '../../../src/eval/dataset.js';
import { correctlyRoundedLog, createBm25Index } from '../../../src/kb/bm25-index.js';
import { ByteStringIds } from '../../../src/kb/byte-string-ids.js';
import { caseText } from '../../../src/kb/case-schema.js';
import { loadKbFolder } from '../../../src/kb/load.js';
import type { TextHit } from '../../../src/kb/text-index.js';
import { queryTerms } from '../../../src/kb/text-index.js';
import { byteString, forEachTokenBytes, ftsTokens, porterStem, unicode61Tokens } from '../../../src/kb/unicode61.js';
import { defaultKbDir, packageRoot } from '../../../src/paths.js';
import { propertyRuns } from '../../support/fast-check-setup.js';
import { anEntry } from './an-entry.js';

/** FTS5's own tokens for a text, as bytes, from an fts5vocab table over a one-row FTS5 table. */
const vocabDb = new Database(':memory:');
vocabDb.exec(
	"CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'porter unicode61 remove_diacritics 2'); CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')",
);
const insertText = vocabDb.prepare('INSERT INTO t (rowid, x) VALUES (1, ?)');
const tokensOf = vocabDb.prepare<[], { term: Buffer }>('SELECT CAST(term AS BLOB) AS term FROM v ORDER BY offset');
const clear = vocabDb.prepare('DELETE FROM t');
function sqliteTokens(text: string): string[] {
	insertText.run(text);
	const tokens = tokensOf.all().map((row) => Buffer.from(row.term).toString('latin1'));
	clear.run();
	return tokens;
}
afterAll(() => vocabDb.close());

/**
 * Scores may differ from FTS5's in the last bit only: SQLite takes the IDF's logarithm from the C library, which
 * rounds a few arguments the other way from the correctly rounded one used here (glibc: 39 of 44,488 tested).
 */
function expectSameRanking(ours: TextHit[], theirs: TextHit[]): void {
	expect(ours.map((h) => h.entryId)).toEqual(theirs.map((h) => h.entryId));
	ours.forEach((hit, i) => {
		const their = theirs[i]?.score ?? Number.NaN;
		expect(Math.abs(hit.score - their)).toBeLessThanOrEqual(Math.abs(their) * 4 * Number.EPSILON);
	});
}

/** One ASCII character, any of the 128. */
const ascii = fc.integer({ min: 0, max: 127 }).map((c) => String.fromCharCode(c));

describe('the unicode61 + porter tokenizer', () => {
	it("gives FTS5's tokens on case, diacritics, scripts, separators and stemming", () => {
		const texts = [
			'Rate_limit EXCEEDED: caresses ponies ties caress cats feed agreed plastered motoring sing conflated troubled',
			'sized hopping tanned falling hissing fizzed failing filing happy sky relational conditional rational valenci',
			'hesitanci digitizer conformabli radicalli differentli vileli analogousli vietnamization predication operator',
			'feudalism decisiveness hopefulness callousness formaliti sensitiviti sensibiliti triplicate formative formalize',
			'electriciti electrical hopeful goodness revival allowance inference airliner gyroscopic adjustable defensible',
			'irritant replacement adjustment dependent adoption homologou communism activate angulariti homologous effective',
			'bowdlerize probate rate cease controll roll generalizations oscillators aed ies sses xes',
			'Café naïve résumé Ångström Straße İstanbul ΣΊΣΥΦΟΣ Привет ǅemal Ǆ ﬁnance ＡＢＣ',
			'e\u0301te\u0301 \u0301start co\u0308operate 错误代码 额度已用完 APIキー 한국어 𐐀𐐨 emoji🙂word',
			'a\u0000b tab\tsep\u00a0nbsp\u2003em 12_345 v1.2.3 gpt-4o-mini x\ufffey \ud800lone',
		];
		for (const text of texts) expect(ftsTokens(text)).toEqual(sqliteTokens(text));
	});

	it("agrees with FTS5 on any text over a mixed alphabet (bytes, so a stem may cut a character as SQLite's does)", () => {
		const alphabet = fc.constantFrom(
			'a',
			'e',
			'i',
			'y',
			's',
			'l',
			'n',
			'g',
			'd',
			't',
			'A',
			'Z',
			' ',
			'_',
			'-',
			'1',
			'é',
			'É',
			'\u0301',
			'ß',
			'İ',
			'Σ',
			'错',
			'误',
			'キ',
			'𐐀',
			'🙂',
			'\u00a0',
		);
		fc.assert(
			fc.property(fc.array(alphabet, { maxLength: 30 }), (chars) => {
				const text = chars.join('');
				expect(ftsTokens(text)).toEqual(sqliteTokens(text));
			}),
			{ numRuns: propertyRuns(300) },
		);
	});

	it('agrees with FTS5 on any ASCII text (read by runs of letters and digits)', () => {
		fc.assert(
			fc.property(fc.array(ascii, { maxLength: 40 }), (chars) => {
				const text = chars.join('');
				expect(ftsTokens(text)).toEqual(sqliteTokens(text));
			}),
			{ numRuns: propertyRuns(300) },
		);
	});

	it('hands over the same tokens as bytes as it returns as strings, on ASCII (read by a regex there) and any text', () => {
		const bytesOf = (text: string): string[] => {
			const out: string[] = [];
			forEachTokenBytes(text, (bytes, length) => out.push(byteString(bytes, length)));
			return out;
		};
		fc.assert(
			fc.property(fc.array(ascii, { maxLength: 60 }), (chars) => {
				const text = chars.join('');
				expect(bytesOf(text)).toEqual(unicode61Tokens(text));
			}),
			{ numRuns: propertyRuns(300) },
		);
		fc.assert(
			fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
				expect(bytesOf(text)).toEqual(unicode61Tokens(text));
			}),
			{ numRuns: propertyRuns(300) },
		);
		// A token longer than the shared buffer, ASCII and not.
		const long = `${'Ab'.repeat(700)}é${'x'.repeat(300)}`;
		expect(bytesOf(`${long} ok`)).toEqual(unicode61Tokens(`${long} ok`));
		expect(bytesOf('a'.repeat(5000))).toEqual(['a'.repeat(5000)]);
	});

	it('stems as the porter step list says', () => {
		expect(['caresses', 'ponies', 'motoring', 'hopping', 'relational', 'generalizations'].map(porterStem)).toEqual([
			'caress',
			'poni',
			'motor',
			'hop',
			'relat',
			'gener',
		]);
	});

	it('uses the tables of the SQLite that better-sqlite3 vendors (regenerate with bench/gen-unicode61.ts)', () => {
		const root = packageRoot();
		const sqliteC = readFileSync(path.join(root, 'node_modules/better-sqlite3/deps/sqlite3/sqlite3.c'), 'utf8');
		expect(readFileSync(path.join(root, 'src/kb/unicode61-tables.ts'), 'utf8')).toBe(unicode61TablesSource(sqliteC));
	});
});

describe('ids of byte strings', () => {
	it('gives each distinct byte string the next id and finds it again, across growth', () => {
		const ids = new ByteStringIds();
		const words = Array.from({ length: 5000 }, (_, i) => `w${(i * 7919).toString(36)}${'é'.repeat(i % 3)}`);
		const bytes = (word: string) => new TextEncoder().encode(word);
		words.forEach((word, i) => {
			const b = bytes(word);
			expect(ids.find(b, b.length)).toBe(-1);
			expect(ids.add(b, b.length)).toBe(i);
		});
		expect(ids.size).toBe(words.length);
		words.forEach((word, i) => {
			const b = bytes(word);
			expect(ids.find(b, b.length)).toBe(i);
			// A prefix or a longer buffer read to the same length is another string, or the same one.
			if (b.length > 1) expect(ids.find(b, b.length - 1)).not.toBe(i);
		});
		const empty = new Uint8Array(4);
		expect(ids.find(empty, 0)).toBe(-1);
		expect(ids.add(empty, 0)).toBe(words.length);
		expect(ids.find(empty, 0)).toBe(words.length);
	});
});

describe('correctlyRoundedLog', () => {
	it('rounds to the nearest double where Math.log may not', () => {
		// Reference values to 60 digits: ln(1.1714285714285715) = 0.15822400521489417290..., ln(5.3076923076923075) =
		// 1.66915714713572260753...
		expect(correctlyRoundedLog(1.1714285714285715)).toBe(0.1582240052148942);
		expect(correctlyRoundedLog(5.3076923076923075)).toBe(1.6691571471357227);
		expect(correctlyRoundedLog(2)).toBe(Math.LN2);
		expect(correctlyRoundedLog(10)).toBe(Math.LN10);
		expect(correctlyRoundedLog(1)).toBe(0);
		expect(correctlyRoundedLog(0.25)).toBe(-2 * Math.LN2);
	});

	it('is within one unit in the last place of Math.log', () => {
		fc.assert(
			fc.property(fc.double({ min: 1e-300, max: 1e300, noNaN: true }), (x) => {
				const ours = correctlyRoundedLog(x);
				expect(Math.abs(ours - Math.log(x))).toBeLessThanOrEqual(Math.abs(Math.log(x)) * Number.EPSILON);
			}),
			{ numRuns: propertyRuns(500) },
		);
	});
});

describe('the in-memory BM25 index', () => {
	const entries = loadKbFolder(defaultKbDir()).entries;
	const fts = createFtsIndex(entries);
	const bm25 = createBm25Index(entries);
	afterAll(() => fts.close?.());

	it('ranks as FTS5 on real posts: same entries, same order, same scores, top 20 and every hit', () => {
		const evalDir = path.resolve(packageRoot(), '..', 'shared', 'eval');
		const reports = readdirSync(evalDir)
			.filter((n) => n.endsWith('.jsonl'))
			.sort()
			.flatMap((n) => parseEvalCases(readFileSync(path.join(evalDir, n), 'utf8')).cases)
			.map((c) => c.report);
		const cases = loadKbFolder(defaultKbDir()).cases.slice(0, 120).map(caseText);
		const texts = [...reports, ...cases];
		expect(texts.length).toBeGreaterThan(150);
		for (const text of texts) {
			const terms = queryTerms(text);
			expectSameRanking(bm25.search(terms, 20), fts.search(terms, 20));
			expectSameRanking(bm25.search(terms, 1000), fts.search(terms, 1000));
		}
	});

	it('treats odd terms as FTS5 does: phrases of several tokens, no tokens, repeats after stemming, syntax words', () => {
		const odd = [
			['rate_limit', 'insufficient_quota'],
			['___', 'quota'],
			['running', 'runs', 'run'],
			['"quoted', 'OR', 'NEAR(', 'AND'],
			['crédits', 'CREDITS', '额度'],
			['no_such_token_anywhere'],
			[],
		];
		for (const terms of odd) expectSameRanking(bm25.search(terms, 20), fts.search(terms, 20));
		expect(bm25.search([], 20)).toEqual([]);
	});

	it('finds phrases as FTS5 does on any small KB: repeated, overlapping, at column ends, never across columns', () => {
		const word = fc.constantFrom('rate', 'limit', 'limits', 'quota', 'key', 'rate');
		const words = (max: number) => fc.array(word, { maxLength: max }).map((ws) => ws.join(' '));
		const entry = fc.record({
			title: words(4),
			diagnosis: words(3),
			body: words(8),
			examples: fc.array(words(5), { maxLength: 2 }),
		});
		const phrase = fc.array(word, { minLength: 1, maxLength: 3 }).map((ws) => ws.join('_'));
		fc.assert(
			fc.property(
				fc.array(entry, { minLength: 1, maxLength: 8 }),
				fc.array(phrase, { minLength: 1, maxLength: 3 }),
				(texts, terms) => {
					const entries = texts.map((t, i) => anEntry({ id: `e${i}`, ...t }));
					const theirs = createFtsIndex(entries);
					try {
						expectSameRanking(createBm25Index(entries).search(terms, 50), theirs.search(terms, 50));
					} finally {
						theirs.close?.();
					}
				},
			),
			{ numRuns: propertyRuns(60) },
		);
	});

	it('breaks ties by KB order and keeps the first `limit`', () => {
		const copies = Array.from({ length: 30 }, (_, i) => anEntry({ id: `copy-${String(i).padStart(2, '0')}` }));
		const copiesFts = createFtsIndex(copies);
		try {
			const ours = createBm25Index(copies).search(['refuses', 'region'], 20);
			expect(ours.map((h) => h.entryId)).toEqual(copies.slice(0, 20).map((e) => e.id));
			expectSameRanking(ours, copiesFts.search(['refuses', 'region'], 20));
		} finally {
			copiesFts.close?.();
		}
	});

	it('finds nothing in an empty KB', () => {
		expect(createBm25Index([]).search(['quota'], 20)).toEqual([]);
	});
});
