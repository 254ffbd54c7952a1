import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GAP_LINE, windowText } from '../../../src/triage/attachment-window.js';
import { markerStrength } from '../../../src/triage/error-markers.js';
import { triagePost } from '../../../src/triage/index.js';
import {
	MAX_ATTACHMENT_CHARS,
	MAX_ATTACHMENTS,
	MAX_INPUT_CHARS,
	MAX_LITERAL_ATTEMPTS,
	MAX_MARKER_WINDOWS,
	MAX_SCAN_CHARS,
} from '../../../src/triage/limits.js';
import { safeEnd, safeStart } from '../../../src/triage/token-cut.js';
import { type Triage, TriageSchema } from '../../../src/triage/types.js';
import { propertyRuns } from '../../support/fast-check-setup.js';
import { KEY_FORMATS } from './keys.js';
import { longLog, TRACEBACK, type Where } from './long-log.js';

const KB = 1024;
const MB = 1024 * 1024;
const CODE = 'client = OpenAI(base_url="https://openrouter.ai/api/v1", api_key=os.environ["OPENROUTER_API_KEY"])';

const triageLog = (text: string, name = 'message.txt'): Triage =>
	TriageSchema.parse(triagePost({ title: 'o3 stopped working', body: 'log attached', attachments: [{ name, text }] }));

describe('an error anywhere in a long attachment', () => {
	const cases: [string, Where, number][] = [];
	for (const [label, size] of [
		['109 KB', 109 * KB],
		['1 MB', MB],
	] as const)
		for (const where of ['start', 'middle', 'end'] as const) cases.push([label, where, size]);

	it.each(cases)('is read in a %s log when it is at the %s', (_label, where, size) => {
		const log = longLog(size, where, { code: CODE });
		expect(log.length).toBeGreaterThan(size - 1024);
		const t = triageLog(log);
		expect(t.error?.status).toBe(403);
		expect(t.error?.exceptionClass).toBe('PermissionDeniedError');
		expect(t.error?.message).toMatch(/^OpenAI is requiring a key to access this model/);
		expect(t.missing).not.toContain('error_body');
		expect(t.route).toBe('openrouter');
		expect(t.text).toContain("openai.PermissionDeniedError: Error code: 403 - {'error'");
		expect(t.truncated).toBe(true);
		// What was read, for the reply to say so.
		const [read, ...others] = t.partialAttachments ?? [];
		expect(others).toEqual([]);
		expect(read).toMatchObject({ name: 'message.txt', chars: log.length });
		expect(read?.readChars).toBeGreaterThan(MAX_ATTACHMENT_CHARS / 2);
		expect(read?.readChars).toBeLessThanOrEqual(MAX_ATTACHMENT_CHARS);
		expect(read?.headChars).toBeGreaterThan(0);
		expect(read?.tailChars).toBeGreaterThan(MAX_ATTACHMENT_CHARS / 3);
		if (where === 'middle') expect(read?.excerpts).toBeGreaterThan(0);
		expect(t.text.length).toBeLessThanOrEqual(MAX_ATTACHMENT_CHARS + 200);
		expect(t.text).toContain(GAP_LINE);
	});

	it('finds the body at the end when the log before it holds more objects than literal parsing tries', () => {
		const log = longLog(109 * KB, 'end', { code: CODE });
		const kept = triageLog(log).text;
		expect(kept.split('{').length - 1).toBeGreaterThan(MAX_LITERAL_ATTEMPTS * 2);
		const t = triageLog(log);
		expect(t.error?.code).toBe('403');
		expect(t.error?.shapes).toContain('python-dict');
	});

	it('reads a pretty-printed JSON error body logged in the middle of a long log', () => {
		const body = [
			'2025-06-03 12:00:00,000 ERROR agent.llm: request failed with status 429',
			'{',
			'  "error": {',
			'    "message": "Rate limit reached for o3 in organization org-abc on tokens per min (TPM): Limit 30000, Used 29000.",',
			'    "type": "tokens",',
			'    "param": null,',
			'    "code": "rate_limit_exceeded"',
			'  }',
			'}',
		].join('\n');
		const t = triageLog(longLog(300 * KB, 'middle', { error: body }));
		expect(t.error?.status).toBe(429);
		expect(t.error?.code).toBe('rate_limit_exceeded');
		expect(t.error?.message).toMatch(/^Rate limit reached for o3/);
		expect(t.partialAttachments?.[0]?.excerpts).toBeGreaterThan(0);
	});

	it('keeps a log that fits whole, and says nothing about it', () => {
		const log = longLog(40 * KB, 'end');
		const t = triageLog(log);
		expect(t.truncated).toBe(false);
		expect(t.partialAttachments).toBeUndefined();
		expect(t.text).not.toContain(GAP_LINE);
		expect(t.error?.status).toBe(403);
	});

	it('reports attachments past the count bound as not read', () => {
		const attachments = Array.from({ length: MAX_ATTACHMENTS + 2 }, (_, i) => ({ name: `part${i}.log`, text: 'ok\n' }));
		const t = triagePost({ title: 't', body: 'b', attachments });
		expect(t.partialAttachments?.map((p) => [p.name, p.readChars])).toEqual([
			[`part${MAX_ATTACHMENTS}.log`, 0],
			[`part${MAX_ATTACHMENTS + 1}.log`, 0],
		]);
	});

	it('shares the post bound between several long attachments', () => {
		const attachments = Array.from({ length: 6 }, (_, i) => ({ name: `run${i}.log`, text: longLog(200 * KB, 'end') }));
		const t = TriageSchema.parse(triagePost({ title: 't', body: 'b', attachments }));
		expect(t.text.length).toBeLessThanOrEqual(MAX_INPUT_CHARS);
		expect(t.partialAttachments).toHaveLength(6);
		const read = t.partialAttachments?.map((p) => p.readChars) ?? [];
		expect(read.slice(0, 3).every((n) => n > 60 * KB)).toBe(true);
		expect(read.at(-1)).toBeLessThan(60 * KB);
		expect(t.error?.status).toBe(403);
	});
});

describe('secrets in a long attachment', () => {
	const leaks = (triage: unknown, fragments: readonly string[]): string[] => {
		const json = JSON.stringify(triage);
		return fragments.filter((f) => f.length >= 8 && json.includes(f));
	};
	const LOG = longLog(109 * KB, 'end', { code: CODE });
	const BIG = longLog(MAX_SCAN_CHARS * 2 + 300 * KB, 'end', { code: CODE });

	it('never lets out a key in the skipped middle, and still warns about it when the part was scanned', () => {
		const key = `sk-or-v1-${'0123456789abcdef'.repeat(4)}`;
		const withKey = (log: string, fraction: number): string => {
			const at = log.indexOf('\n', Math.floor(log.length * fraction));
			return `${log.slice(0, at)}\nOPENROUTER_API_KEY=${key}${log.slice(at)}`;
		};
		// Scanned (the whole of a 109 KB log, the first and last halves of MAX_SCAN_CHARS of a bigger one), not kept.
		for (const text of [withKey(LOG, 0.5), withKey(BIG, 0.1), withKey(BIG, 0.9)]) {
			const t = triageLog(text);
			expect(t.text).not.toContain('OPENROUTER_API_KEY=');
			expect(JSON.stringify(t)).not.toContain(key.slice(9, 30));
			expect(t.secrets).toContain('openrouter');
		}
		// Past the scan bound: neither read nor reported.
		const t = triageLog(withKey(BIG, 0.5));
		expect(JSON.stringify(t)).not.toContain(key.slice(9, 30));
		expect(t.secrets).toEqual([]);
	});

	/** A log with a key (whole, or wrapped over a line break) planted at `offset`. */
	const planted = fc
		.tuple(fc.constantFrom(...KEY_FORMATS), fc.constantFrom('', '  '), fc.boolean())
		.chain(([format, indent, wrapped]) =>
			format.value.chain((value) =>
				fc.record({
					format: fc.constant(format),
					value: fc.constant(value),
					indent: fc.constant(indent),
					wrapAt: wrapped ? fc.integer({ min: format.prefix.length + 1, max: value.length - 1 }) : fc.constant(-1),
				}),
			),
		);
	const plant = (log: string, offset: number, p: PlantedKey): string => {
		const key = p.wrapAt < 0 ? p.value : `${p.value.slice(0, p.wrapAt)}\n${p.indent}${p.value.slice(p.wrapAt)}`;
		return `${log.slice(0, offset)} ${p.format.lead}${key}\n${log.slice(offset)}`;
	};
	const fragmentsOf = (p: PlantedKey): string[] => [
		p.value,
		p.value.slice(p.format.prefix.length),
		...(p.wrapAt < 0 ? [] : [p.value.slice(p.format.prefix.length, p.wrapAt), p.value.slice(p.wrapAt)]),
	];

	it('never lets out part of a key cut by a window of a 109 KB log, wherever it is', () => {
		// Around the head's end, the tail's start, and anywhere.
		const near = (at: number) => fc.integer({ min: Math.max(0, at - 6 * KB), max: Math.min(LOG.length, at + 6 * KB) });
		const offsets = fc.oneof(near(16 * KB), near(LOG.length - 48 * KB), fc.nat({ max: LOG.length }));
		fc.assert(
			fc.property(planted, offsets, (p, offset) => {
				const t = triageLog(plant(LOG, offset, p));
				expect(leaks(t, fragmentsOf(p))).toEqual([]);
				expect(t.secrets).toContain(p.format.kind);
			}),
			{ numRuns: propertyRuns(120) },
		);
	});

	it('never lets out part of a key cut where a log over the scan bound is split', () => {
		const half = MAX_SCAN_CHARS / 2;
		const near = (at: number) => fc.integer({ min: at - 3 * KB, max: at + 3 * KB });
		fc.assert(
			fc.property(planted, fc.oneof(near(half), near(BIG.length - half)), (p, offset) => {
				const t = triageLog(plant(BIG, offset, p));
				expect(leaks(t, fragmentsOf(p))).toEqual([]);
			}),
			{ numRuns: propertyRuns(16) },
		);
	});
});

interface PlantedKey {
	readonly format: (typeof KEY_FORMATS)[number];
	readonly value: string;
	readonly indent: string;
	readonly wrapAt: number;
}

describe('windowText', () => {
	const lines = fc.array(
		fc.oneof(
			fc.constantFrom(
				'INFO ok',
				'Error code: 403 - {"error": {"message": "no"}}',
				'openai.PermissionDeniedError: denied',
				'HTTP/1.1 429 Too Many Requests',
				'WARNING retry 3 failed with 503',
				'ERROR something',
				'',
				'x'.repeat(5000),
			),
			fc.string({ maxLength: 200 }),
		),
		{ maxLength: 400 },
	);

	it('keeps within the bound, in order, only text of the input, the whole of what fits', () => {
		fc.assert(
			fc.property(lines, fc.integer({ min: 0, max: 70 * KB }), (parts, max) => {
				const text = parts.join('\n');
				const w = windowText(text, max);
				expect(w.text.length).toBeLessThanOrEqual(max);
				expect(w.readChars).toBeLessThanOrEqual(text.length);
				expect(w.excerpts).toBeLessThanOrEqual(MAX_MARKER_WINDOWS);
				if (text.length <= max) {
					expect(w.text).toBe(text);
					return;
				}
				let from = 0;
				for (const piece of w.text.split(`\n${GAP_LINE}\n`)) {
					const at = text.indexOf(piece, from);
					expect(at, piece.slice(0, 40)).toBeGreaterThanOrEqual(0);
					from = at + piece.length;
				}
			}),
			{ numRuns: propertyRuns(300) },
		);
	});

	it('keeps the head, the tail and the strongest marker between them', () => {
		const filler = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag} line ${i} ok`).join('\n');
		const text = [filler(3000, 'a'), TRACEBACK, filler(3000, 'b')].join('\n');
		const w = windowText(text, 16 * KB);
		expect(w.text.startsWith('a line 0 ok')).toBe(true);
		expect(w.text.endsWith('b line 2999 ok')).toBe(true);
		expect(w.text).toContain('openai.PermissionDeniedError: Error code: 403');
		expect(w.excerpts).toBe(1);
		expect(w.headChars + w.tailChars).toBeLessThan(w.readChars);
	});

	it.each([
		['a megabyte of marker lines', 'Error code: 403 - {\n'.repeat(50_000)],
		['a megabyte on one line', 'x'.repeat(MB)],
		['a megabyte of empty lines', '\n'.repeat(MB)],
		['a megabyte of weak markers', 'ERROR\n'.repeat(170_000)],
		['long class names', `${'Permission'.repeat(100_000)}DeniedError: 403\n`.repeat(2)],
		['statuses everywhere', '403 error '.repeat(100_000)],
	])('is linear on %s', (_name, text) => {
		const started = performance.now();
		const w = windowText(text, MAX_ATTACHMENT_CHARS);
		expect(w.text.length).toBeLessThanOrEqual(MAX_ATTACHMENT_CHARS);
		const t = triagePost({ title: 'x', body: '', attachments: [{ name: 'message.txt', text }] });
		TriageSchema.parse(t);
		expect(performance.now() - started).toBeLessThan(3000);
	});
});

describe('markerStrength', () => {
	it.each([
		["openai.PermissionDeniedError: Error code: 403 - {'error': {}}", 3],
		['Error code: 429', 3],
		['HTTP/1.1 403 Forbidden', 3],
		['  "error": {', 3],
		['Traceback (most recent call last):', 3],
		['status_code=403', 3],
		['request failed (401)', 2],
		['2025-01-01 ERROR could not connect', 1],
		['HTTP/1.1 200 OK', 0],
		['INFO step 403 done in 5000 ms', 0],
	])('%s → %i', (line, strength) => {
		expect(markerStrength(line)).toBe(strength);
	});
});

describe('safe cuts', () => {
	it('end a part at a line break, dropping a token a wrapped key would continue', () => {
		const text = 'first line:\nkey sk-abc\n  def123\nlast';
		expect(text.slice(0, safeEnd(text, 17))).toBe('first line:');
		// A word before a line starting with one might be a key's first half: it goes too.
		expect('first line\nnext'.slice(0, safeEnd('first line\nnext', 13))).toBe('first ');
		expect(text.slice(0, safeEnd(text, text.indexOf('\n  def')))).toBe('first line:\nkey ');
	});

	it('start a part after a line break, dropping the rest of a wrapped key', () => {
		const text = 'key sk-abc\n  def123 tail\nnext';
		expect(text.slice(safeStart(text, 11))).toBe(' tail\nnext');
		expect(text.slice(safeStart(text, 2))).toBe(' tail\nnext');
	});
});
