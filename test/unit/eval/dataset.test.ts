import { describe, expect, it } from 'vitest';
import { parseEvalCases } from '../../../src/eval/dataset.js';

describe('parseEvalCases', () => {
	it('reads one case per line, keeps extra fields, defaults underdetermined to false', () => {
		const text = [
			JSON.stringify({ id: 'a', report: '403', cause: 'unsupported_region', source: 'x' }),
			'',
			JSON.stringify({ id: 'b', report: 'r', cause: 'oauth_pkce_invalid', underdetermined: true }),
		].join('\n');
		const { cases, problems } = parseEvalCases(text);
		expect(problems).toEqual([]);
		expect(cases.map((c) => [c.id, c.underdetermined])).toEqual([
			['a', false],
			['b', true],
		]);
		expect(cases[0]?.source).toBe('x');
	});

	it('names the line of bad JSON and of missing fields', () => {
		const { problems } = parseEvalCases('{"id":"a","report":"r"}\nnot json\n');
		expect(problems).toEqual([expect.stringMatching(/^line 1: cause:/), expect.stringMatching(/^line 2: not JSON/)]);
	});
});
