import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FOOTER, fitMessage, inlineCode } from '../../../src/answer/limits.js';
import { DISCORD_MESSAGE_LIMIT, escapeMentions, truncate } from '../../../src/message-text.js';

describe('escapeMentions', () => {
	it('defuses @everyone, @here, user and role mentions', () => {
		const out = escapeMentions('@everyone @HERE <@123> <@!456> <@&789> a@here.com');
		expect(out).not.toMatch(/@everyone|@here|<@!?\d+>|<@&\d+>/i);
		expect(out.replaceAll('\u200b', '')).toBe('@everyone @HERE <@123> <@!456> <@&789> a@here.com');
	});
});

describe('truncate and inlineCode', () => {
	it('cuts at a word boundary with an ellipsis', () => {
		expect(truncate('alpha beta gamma delta', 14)).toBe('alpha beta…');
		expect(truncate('short', 10)).toBe('short');
		expect(inlineCode('a`b\nc')).toBe('`abc`');
	});
});

describe('fitMessage', () => {
	it('always fits the Discord limit, ends with the footer and pings nobody', () => {
		fc.assert(
			fc.property(
				fc.array(fc.string({ maxLength: 1500 }), { maxLength: 4 }),
				fc.array(fc.string({ maxLength: 900 }), { maxLength: 4 }),
				(required, optional) => {
					const text = fitMessage(
						required.map((r) => `${r} @everyone`),
						optional,
					);
					expect(text.length).toBeLessThanOrEqual(DISCORD_MESSAGE_LIMIT);
					expect(text.endsWith(FOOTER)).toBe(true);
					expect(text).not.toMatch(/@everyone/);
				},
			),
		);
	});

	it('drops optional sections from the end before cutting required text', () => {
		const text = fitMessage(['keep me'], ['first', 'x'.repeat(2000)]);
		expect(text).toBe(`keep me\n\nfirst\n\n${FOOTER}`);
	});
});
