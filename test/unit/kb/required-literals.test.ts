import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePattern } from '../../../src/kb/normalise.js';
import { requiredLiterals } from '../../../src/kb/required-literals.js';
import { propertyRuns } from '../../support/fast-check-setup.js';

describe('requiredLiterals', () => {
	it.each([
		// A group that must match needs one of its alternatives: the more selective part of the sequence is kept.
		['\\b(?:account|org)\\b[^.\\n]{0,30}\\b(?:suspended|banned)\\b', ['suspended', 'banned']],
		['\\bcod(?:ing|e) plan\\b|\\btoken plan\\b|资源包|套餐', [' plan', 'token plan', '资源包', '套餐']],
		['(?<name>quota|credits)\\b', ['quota', 'credits']],
		// A run the author wrote out comes first, even a shorter one (a group's words are often shared).
		['(?:quota|credits) vx1', [' vx1']],
		// An optional group or character requires nothing; a repeated one is there once.
		['a(?:bcd)?efg', ['efg']],
		['abcx?yz', ['abc']],
		['abc+de', ['abc']],
		// A look-around matches no text of its own.
		['(?!abcdef)xyz', ['xyz']],
		['(?<!abcd)xy', null],
		['(?=abcdef)xy', null],
		// Escapes with a body are not literal text.
		['\\x22abc', ['abc']],
		['\\u0041bcd', ['bcd']],
		['\\p{L}+ab', null],
		['[abc]{2}de\\.fg', ['de.fg']],
		// A cased letter whose folding differs between a regex and toLowerCase breaks the literal; with the u flag, so
		// do s and k (ſ and the Kelvin sign fold to them).
		['straße', ['stra']],
		['\\p{L} risky', [' ri']],
		['\\p{L} area', [' area']],
		['Código', ['código']],
		['ОШИБКА', ['ошибка']],
		['a|b(?:c', null],
	])('%s → %j', (pattern, literals) => {
		expect(requiredLiterals(pattern)).toEqual(literals);
	});

	it('is sound: every string a pattern matches, in any case, holds one of its literals', () => {
		type Part = { readonly pattern: string; readonly sample: fc.Arbitrary<string> };
		const leaf = (pattern: string, ...samples: string[]): Part => ({ pattern, sample: fc.constantFrom(...samples) });
		const leaves = [
			leaf('abc', 'abc'),
			leaf('Déf', 'déf', 'DÉF'),
			leaf('x?', '', 'x'),
			leaf('yz+', 'yz', 'yzz'),
			leaf('[kl]', 'k', 'l'),
			leaf('\\d', '7'),
			leaf('\\.', '.'),
			leaf('.', 'q'),
			leaf(' ', ' '),
			leaf('\\bab', 'ab'),
			leaf('(?!zz)', ''),
			leaf('国内', '国内'),
			leaf('s{0,2}', '', 's'),
		];
		const { part } = fc.letrec<{ part: Part; sequence: Part; group: Part }>((tie) => ({
			part: fc.oneof({ depthSize: 'small' }, fc.constantFrom(...leaves), tie('group')),
			sequence: fc.array(tie('part'), { minLength: 1, maxLength: 4 }).map((parts) => ({
				pattern: parts.map((p) => p.pattern).join(''),
				sample: fc.tuple(...parts.map((p) => p.sample)).map((xs) => xs.join('')),
			})),
			group: fc
				.tuple(fc.array(tie('sequence'), { minLength: 1, maxLength: 3 }), fc.constantFrom('', '?', '+', '{0,2}'))
				.map(([alternatives, quantifier]) => ({
					pattern: `(?:${alternatives.map((a) => a.pattern).join('|')})${quantifier}`,
					sample: fc
						.tuple(fc.constantFrom(...alternatives), fc.boolean())
						.chain(([a, skip]) => (skip && quantifier !== '' && quantifier !== '+' ? fc.constant('') : a.sample)),
				})),
		}));
		const text = fc.array(fc.constantFrom('a', 'B', 'c', 'x', ' ', '.', 'ſ', '国', '内'), { maxLength: 6 });
		const arbitrary = fc
			.tuple(fc.array(part, { minLength: 1, maxLength: 4 }), fc.constantFrom('', '|abc', '|\\p{L}'))
			.chain(([parts, tail]) =>
				fc.record({
					pattern: fc.constant(parts.map((p) => p.pattern).join('') + tail),
					match: fc.tuple(text, fc.tuple(...parts.map((p) => p.sample)), text, fc.boolean()),
				}),
			);
		fc.assert(
			fc.property(arbitrary, ({ pattern, match: [before, samples, after, upper] }) => {
				const core = samples.join('');
				const candidate = `${before.join('')}${upper ? core.toUpperCase() : core}${after.join('')}`;
				const literals = requiredLiterals(pattern);
				if (literals === null || !compilePattern(pattern).test(candidate)) return;
				expect(literals.some((l) => candidate.toLowerCase().includes(l))).toBe(true);
			}),
			{ numRuns: propertyRuns(500) },
		);
	});
});
