import { describe, expect, it } from 'vitest';
import { parseKbFile } from '../../../src/kb/parse-entry.js';
import { entryFile, VALID_FRONT_MATTER } from './an-entry.js';

describe('parseKbFile', () => {
	it('parses a valid entry: front matter fields, prose body, file name', () => {
		const parsed = parseKbFile('kb/x.md', entryFile(VALID_FRONT_MATTER, 'Some prose.'));
		expect(parsed.problems).toEqual([]);
		expect(parsed.entry?.id).toBe('openrouter-key-limit');
		expect(parsed.entry?.statuses).toEqual([403, 402]);
		expect(parsed.entry?.body).toBe('Some prose.');
		expect(parsed.entry?.file).toBe('kb/x.md');
	});

	it('reports a file without front matter at line 1', () => {
		const parsed = parseKbFile('kb/x.md', '# just markdown\n');
		expect(parsed.entry).toBeNull();
		expect(parsed.problems).toEqual([{ file: 'kb/x.md', line: 1, message: expect.stringMatching(/front matter/) }]);
	});

	it('reports YAML syntax errors with their line', () => {
		const parsed = parseKbFile('kb/x.md', entryFile('id: a\ntitle: [unclosed\ncause: b'));
		expect(parsed.entry).toBeNull();
		expect(parsed.problems[0]?.message).toMatch(/^YAML:/);
		expect(parsed.problems[0]?.line).toBeGreaterThanOrEqual(2);
	});

	it('points a wrong field type at the line of its key', () => {
		const text = entryFile(VALID_FRONT_MATTER.replace('statuses: [403, 402]', 'statuses: forbidden'));
		const parsed = parseKbFile('kb/x.md', text);
		const line = text.split('\n').findIndex((l) => l.startsWith('statuses:')) + 1;
		expect(parsed.problems).toContainEqual({ file: 'kb/x.md', line, message: expect.stringMatching(/^statuses:/) });
	});

	it('points an unknown key inside a signal at that signal', () => {
		const text = entryFile(
			VALID_FRONT_MATTER.replace(
				'{ kind: text, value: Key limit exceeded, weight: 12 }',
				'{ kind: text, valu: x, weight: 1 }',
			),
		);
		const parsed = parseKbFile('kb/x.md', text);
		const line = text.split('\n').findIndex((l) => l.includes('valu: x')) + 1;
		expect(parsed.problems.map((p) => p.line)).toContain(line);
		expect(parsed.problems.map((p) => p.message).join('\n')).toMatch(/signals\.0/);
	});

	it('names a missing required field, at the top of the front matter', () => {
		const parsed = parseKbFile('kb/x.md', entryFile(VALID_FRONT_MATTER.replace(/^diagnosis:.*\n/m, '')));
		expect(parsed.problems).toContainEqual({ file: 'kb/x.md', line: 1, message: expect.stringMatching(/^diagnosis:/) });
	});

	it('rejects citations that are not https URLs', () => {
		const text = entryFile(
			VALID_FRONT_MATTER.replace('https://openrouter.ai/docs/api_reference/limits', 'http://openrouter.ai/docs'),
		);
		const parsed = parseKbFile('kb/x.md', text);
		const line = text.split('\n').findIndex((l) => l.includes('http://openrouter.ai/docs')) + 1;
		expect(parsed.problems).toContainEqual({
			file: 'kb/x.md',
			line,
			message: expect.stringMatching(/^citations\.0\.url:/),
		});
	});

	it('rejects a zero weight and an entry without prose', () => {
		const zero = parseKbFile('kb/x.md', entryFile(VALID_FRONT_MATTER.replace('weight: 12 }', 'weight: 0 }')));
		expect(zero.problems.map((p) => p.message)).toContainEqual(expect.stringMatching(/must not be 0/));
		const noBody = parseKbFile('kb/x.md', entryFile(VALID_FRONT_MATTER, ''));
		expect(noBody.problems.map((p) => p.message)).toContainEqual(expect.stringMatching(/prose/));
	});
});
