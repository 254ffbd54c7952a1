import { describe, expect, it } from 'vitest';
import { parseCaseFile } from '../../../src/kb/parse-cases.js';
import { aCase, caseFile, caseLine } from './a-case.js';

const FILE = 'kb/cases/a.jsonl';

describe('parseCaseFile', () => {
	it('reads one case per line with its line number, skipping blank lines', () => {
		const text = caseFile(caseLine({ id: 'first' }), '', '   ', caseLine({ id: 'second', status: null }));
		const parsed = parseCaseFile(FILE, text);
		expect(parsed.file).toBe(FILE);
		expect(parsed.problems).toEqual([]);
		expect(parsed.cases.map((c) => [c.line, c.value.id])).toEqual([
			[1, 'first'],
			[4, 'second'],
		]);
		expect(parsed.cases[0]?.value).toEqual(aCase({ id: 'first' }));
	});

	it('reads Windows line endings and non-ASCII text as is', () => {
		const situation = '在运行集成测试时收到 400 Arrearage，账户里明明还有余额。';
		const text = [caseLine({ id: 'a', lang: 'zh', situation }), caseLine({ id: 'b' })].join('\r\n');
		const parsed = parseCaseFile(FILE, text);
		expect(parsed.problems).toEqual([]);
		expect(parsed.cases.map((c) => [c.line, c.value.situation])).toEqual([
			[1, situation],
			[2, aCase().situation],
		]);
	});

	it('names the line of bad JSON and keeps reading the lines after it', () => {
		const parsed = parseCaseFile(FILE, caseFile(caseLine({ id: 'a' }), '{"id": "b",', caseLine({ id: 'c' })));
		expect(parsed.problems).toEqual([{ file: FILE, line: 2, message: expect.stringMatching(/^not JSON: /) }]);
		expect(parsed.cases.map((c) => c.line)).toEqual([1, 3]);
	});

	it('reports each schema problem of a line with its field and line number, and drops that case', () => {
		const parsed = parseCaseFile(
			FILE,
			caseFile(caseLine(), caseLine({ id: 'b', lang: 'english', confidence: 'low' }), caseLine({ id: 'c' })),
		);
		expect(parsed.problems).toEqual([
			{ file: FILE, line: 2, message: expect.stringMatching(/^lang: .*ISO 639-1/) },
			{ file: FILE, line: 2, message: expect.stringMatching(/^confidence: /) },
		]);
		expect(parsed.cases.map((c) => c.value.id)).toEqual([aCase().id, 'c']);
	});

	it('names a missing field, and says (case) for a problem of the line as a whole', () => {
		const { situation: _situation, ...noSituation } = aCase();
		const parsed = parseCaseFile(FILE, caseFile(JSON.stringify(noSituation), '[1, 2]', caseLine({ extra: true })));
		expect(parsed.problems).toEqual([
			{ file: FILE, line: 1, message: expect.stringMatching(/^situation: /) },
			{ file: FILE, line: 2, message: expect.stringMatching(/^\(case\): /) },
			{ file: FILE, line: 3, message: expect.stringMatching(/^\(case\): .*extra/) },
		]);
		expect(parsed.cases).toEqual([]);
	});

	it('returns nothing for an empty file', () => {
		expect(parseCaseFile(FILE, '')).toEqual({ file: FILE, cases: [], problems: [] });
	});
});
