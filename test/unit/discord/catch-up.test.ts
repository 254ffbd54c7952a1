import { describe, expect, it } from 'vitest';
import { catchUpOrder } from '../../../src/discord/catch-up.js';

describe('catch-up order', () => {
	it('takes the thread whose backlog starts earliest first (snowflakes compared as numbers, not text)', () => {
		const order = catchUpOrder([
			{ thread: 'c', start: 1_300_000_000_000_000_000n },
			{ thread: 'a', start: 900_000_000_000_000_000n },
			{ thread: 'b', start: 1_200_000_000_000_000_000n },
		]);
		expect(order).toEqual(['a', 'b', 'c']);
	});

	it('keeps the listed order for equal starts and handles an empty list', () => {
		expect(catchUpOrder([])).toEqual([]);
		expect(
			catchUpOrder([
				{ thread: 'x', start: 5n },
				{ thread: 'y', start: 5n },
			]),
		).toEqual(['x', 'y']);
	});
});
