import { describe, expect, it } from 'vitest';
import { nextTurn, TriageTurns } from '../../../src/discord/triage-turns.js';
import type { Advisor } from '../../../src/thread/advice.js';

const assessment = {
	triage: null,
	match: null,
	advice: { kind: 'ask', content: '', nextState: 'needs_info', reason: '' },
} as const;

describe('triage turns', () => {
	it('gives the next turn to the fewest passes done, then to the first asked', () => {
		expect(nextTurn([])).toBeNull();
		expect(
			nextTurn([
				{ done: 2, order: 0 },
				{ done: 0, order: 3 },
				{ done: 0, order: 2 },
			]),
		).toBe(2);
		expect(
			nextTurn([
				{ done: 1, order: 5 },
				{ done: 1, order: 4 },
			]),
		).toBe(1);
	});

	it('runs each pass on its own turn: a message that asks later with no pass done goes before a busy one', async () => {
		const turns = new TriageTurns();
		const ran: string[] = [];
		const recording =
			(name: string): Advisor =>
			async () => {
				ran.push(name);
				return assessment;
			};
		const heavy = turns.advisorFor(recording('heavy'));
		const light = turns.advisorFor(recording('light'));
		const heavyWork = (async () => {
			for (let i = 0; i < 3; i++) await heavy({ title: '', body: '', attachments: [] });
		})();
		// The light message asks while the heavy one is waiting for its first turn.
		const lightWork = light({ title: '', body: '', attachments: [] });
		expect(turns.size).toBe(2);
		await Promise.all([heavyWork, lightWork]);
		expect(ran).toEqual(['heavy', 'light', 'heavy', 'heavy']);
		expect(turns.size).toBe(0);
	});

	it('starts no pass synchronously: the caller yields to the event loop first', async () => {
		const turns = new TriageTurns();
		let ran = false;
		const pass = turns.advisorFor(async () => {
			ran = true;
			return assessment;
		})({ title: '', body: '', attachments: [] });
		await Promise.resolve();
		expect(ran).toBe(false);
		await pass;
		expect(ran).toBe(true);
	});
});
