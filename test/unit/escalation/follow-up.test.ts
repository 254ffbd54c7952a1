import { describe, expect, it } from 'vitest';
import { saysStillFailing } from '../../../src/escalation/follow-up.js';

describe('saysStillFailing', () => {
	it.each([
		'still broken',
		'I turned off the VPN, still getting 403',
		"that didn't work",
		'It does not help, same error',
		'not working yet',
		'no luck',
		'the error is back',
		'sigue fallando',
		'ainda não funciona',
		'ça ne marche toujours pas',
		'funktioniert immer noch nicht',
		'还是不行',
		'не помогло',
	])('hears "%s"', (text) => {
		expect(saysStillFailing(text)).toBe(true);
	});

	it.each([
		'thanks, that fixed it',
		'works now',
		'how do I stream responses?',
		'ok I will look for it',
		'`still broken`',
	])('does not hear "%s"', (text) => {
		expect(saysStillFailing(text)).toBe(false);
	});
});
