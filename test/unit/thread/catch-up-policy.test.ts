import { describe, expect, it } from 'vitest';
import { catchUpCutoff, shouldCatchUpUnseen } from '../../../src/thread/catch-up-policy.js';

const HOUR = 3_600_000;
const START = 1_000 * HOUR;

describe('catch-up of threads the bot never handled', () => {
	it('the cutoff is the first start, less the configured window', () => {
		expect(catchUpCutoff(START, 0)).toBe(START);
		expect(catchUpCutoff(START, 6)).toBe(START - 6 * HOUR);
		expect(catchUpCutoff(START, -3)).toBe(START);
	});

	it('takes up a thread created after the cutoff that nobody took care of', () => {
		expect(shouldCatchUpUnseen({ createdAt: START + 1, hasStaffReply: false, isSolved: false }, START)).toEqual({
			catchUp: true,
		});
		expect(shouldCatchUpUnseen({ createdAt: START, hasStaffReply: false, isSolved: false }, START).catchUp).toBe(true);
	});

	it('leaves older threads, threads staff replied to, and Solved threads to people', () => {
		const fresh = { createdAt: START + 1, hasStaffReply: false, isSolved: false };
		expect(shouldCatchUpUnseen({ ...fresh, createdAt: START - 1 }, START)).toEqual({
			catchUp: false,
			reason: 'BEFORE_FIRST_START',
		});
		expect(shouldCatchUpUnseen({ ...fresh, hasStaffReply: true }, START)).toEqual({
			catchUp: false,
			reason: 'STAFF_REPLIED',
		});
		expect(shouldCatchUpUnseen({ ...fresh, isSolved: true }, START)).toEqual({ catchUp: false, reason: 'SOLVED' });
	});
});
