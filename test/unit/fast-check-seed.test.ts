import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIXED_SEED, propertyRuns, seedFromEnv } from '../support/fast-check-setup.js';

describe('property tests draw from a fixed seed unless asked otherwise', () => {
	it('reads FC_SEED: unset is the fixed seed, "random" is none, a number is itself', () => {
		expect(seedFromEnv(undefined)).toBe(FIXED_SEED);
		expect(seedFromEnv('')).toBe(FIXED_SEED);
		expect(seedFromEnv('random')).toBeUndefined();
		expect(seedFromEnv('-42')).toBe(-42);
		expect(() => seedFromEnv('abc')).toThrow(/FC_SEED/);
	});

	it('the setup file configured fast-check with that seed', () => {
		expect(fc.readConfigureGlobal().seed).toBe(seedFromEnv(process.env.FC_SEED));
	});

	it('FC_RUNS raises a property run count, never lowers it', () => {
		const before = process.env.FC_RUNS;
		try {
			process.env.FC_RUNS = '1000';
			expect(propertyRuns(30)).toBe(1000);
			process.env.FC_RUNS = '5';
			expect(propertyRuns(30)).toBe(30);
		} finally {
			if (before === undefined) delete process.env.FC_RUNS;
			else process.env.FC_RUNS = before;
		}
	});
});
