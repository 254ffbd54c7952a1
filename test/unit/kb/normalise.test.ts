import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	boundRepetition,
	compilePattern,
	MAX_KB_REPEAT,
	normaliseText,
	requiredLiteral,
} from '../../../src/kb/normalise.js';
import { requiredLiterals } from '../../../src/kb/required-literals.js';

describe('normaliseText', () => {
	it('undoes JSON escapes of nested bodies and collapses whitespace', () => {
		expect(normaliseText('{\\"error\\":{\\"code\\":\\"x\\"}}\\n  next\n\tline')).toBe(
			'{"error":{"code":"x"}} next line',
		);
		expect(normaliseText('caf\\u00e9')).toBe('café');
	});

	it('unescapes a doubled escape like a single one and keeps a run of backslashes that escapes nothing', () => {
		expect(normaliseText('{\\\\"a\\\\": 1}\\\\nnext')).toBe('{"a": 1} next');
		expect(normaliseText('C:\\\\Users\\\\x')).toBe('C:\\\\Users\\\\x');
	});
});

describe('boundRepetition', () => {
	it.each([
		['模型\\s*\\S+无', `模型\\s{0,${MAX_KB_REPEAT}}\\S{1,${MAX_KB_REPEAT}}无`],
		['a{2,}b*?', `a{2,${MAX_KB_REPEAT}}b{0,${MAX_KB_REPEAT}}?`],
		['[*+]\\*\\+x{1,300}', '[*+]\\*\\+x{1,300}'],
		['\\p{L}+', `\\p{L}{1,${MAX_KB_REPEAT}}`],
	])('%s → %s', (pattern, bounded) => {
		expect(boundRepetition(pattern)).toBe(bounded);
	});

	it('is what compilePattern compiles, so no KB pattern rescans a long run', () => {
		expect(compilePattern('a+b').source).toBe(`a{1,${MAX_KB_REPEAT}}b`);
		expect(compilePattern('key: \\S+').test(`key: ${'x'.repeat(200)}`)).toBe(true);
	});
});

describe('requiredLiterals', () => {
	it('gives one literal per alternative of a top-level alternation, or the single required literal', () => {
		expect(requiredLiterals('moonshot|\\bkimi\\b|minimaxi?\\b|api\\.minimaxi?\\.(?:com|io)')).toEqual([
			'moonshot',
			'kimi',
			'minimax',
			'api.minimax',
		]);
		expect(requiredLiterals('Too Many Requests')).toEqual(['too many requests']);
		expect(requiredLiterals('(?:a|b)c|d[x|y]z')).toBeNull();
		expect(requiredLiterals('国内版|(?:国内|国际)的?key')).toEqual(['国内版', 'key']);
		// Two CJK characters are a word: enough to look for.
		expect(requiredLiterals('国内版|(?:国内|国际)的?')).toEqual(['国内版', '国内', '国际']);
		expect(requiredLiterals('国内版|(?:国|际)的?')).toBeNull();
	});

	it('never splits inside a group or a class', () => {
		expect(requiredLiterals('(?:alpha|beta)gamma|delta')).toEqual(['gamma', 'delta']);
		expect(requiredLiterals('[|]pipes|other')).toEqual(['pipes', 'other']);
	});
});

describe('requiredLiteral', () => {
	it.each([
		['Key limit exceeded', 'key limit exceeded'],
		['Missing scopes?:\\s*[\\w.]+', 'missing scope'],
		['budget of \\$[\\d,.]+ exceeded', 'budget of $'],
		["Consumer '?api_key:[^']*'? has been suspended", ' has been suspended'],
		['\\[GIN\\][^\\n]{0,80}\\|\\s*403', '[gin]'],
		['is (?:temporarily )?requiring (?:an? )?key', 'requiring '],
		['a|b literal text', null],
		['(?:one|two) x', null],
		['\\p{L}+ab', null],
	])('%s → %s', (pattern, literal) => {
		expect(requiredLiteral(pattern)).toBe(literal);
	});

	it('is contained in every string the pattern matches (so skipping on its absence is safe)', () => {
		const atoms = fc.constantFrom(
			'ab',
			'cd?',
			'ef*',
			'(?:gh|ij)',
			'[kl]',
			'mn+',
			'o{0,2}',
			'\\.',
			'p\\s',
			'qr',
			' ',
			'x{2}',
			'\\d',
		);
		fc.assert(
			fc.property(
				fc.array(atoms, { minLength: 1, maxLength: 6 }),
				fc.array(
					fc.constantFrom(
						'a',
						'b',
						'c',
						'd',
						'e',
						'f',
						'g',
						'h',
						'i',
						'j',
						'k',
						'l',
						'm',
						'n',
						'o',
						'p',
						'q',
						'r',
						'x',
						'.',
						' ',
						'1',
					),
					{ maxLength: 30 },
				),
				(parts, chars) => {
					const pattern = parts.join('');
					const literal = requiredLiteral(pattern);
					const re = compilePattern(pattern);
					const sample = chars.join('');
					for (const candidate of [sample, ...sampleMatches(parts)])
						if (literal !== null && re.test(candidate)) expect(candidate.toLowerCase()).toContain(literal);
				},
			),
		);
	});
});

/** Strings the atoms can produce (one choice per atom), to exercise the matching side. */
function sampleMatches(parts: readonly string[]): string[] {
	const choices: Record<string, string[]> = {
		ab: ['ab'],
		'cd?': ['c', 'cd'],
		'ef*': ['e', 'eff'],
		'(?:gh|ij)': ['gh', 'ij'],
		'[kl]': ['k', 'l'],
		'mn+': ['mn', 'mnn'],
		'o{0,2}': ['', 'oo'],
		'\\.': ['.'],
		'p\\s': ['p '],
		qr: ['qr'],
		' ': [' '],
		'x{2}': ['xx'],
		'\\d': ['1'],
	};
	let out = [''];
	for (const part of parts) out = out.flatMap((prefix) => (choices[part] ?? ['']).map((c) => prefix + c)).slice(0, 64);
	return out;
}
