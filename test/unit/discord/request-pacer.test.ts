import { describe, expect, it } from 'vitest';
import { isGlobalLimited, type PacerTime, pacedRequest, requestPacer } from '../../../src/discord/request-pacer.js';

/** A clock that moves only when the pacer sleeps, or when the test says the event loop stalled. */
function fakeTime(): PacerTime & { stall(ms: number): void } {
	let now = 0;
	return {
		now: () => now,
		sleep: async (ms) => {
			now += ms;
		},
		stall: (ms) => {
			now += ms;
		},
	};
}

describe('requestPacer', () => {
	it('grants turns in order, evenly spaced at the rate', async () => {
		const time = fakeTime();
		const nextTurn = requestPacer(40, time);
		const grants: number[] = [];
		await Promise.all(Array.from({ length: 5 }, () => nextTurn().then(() => grants.push(time.now()))));
		expect(grants).toEqual([0, 25, 50, 75, 100]);
	});

	it('never lets more than the rate through in any second', async () => {
		const time = fakeTime();
		const nextTurn = requestPacer(40, time);
		const grants: number[] = [];
		await Promise.all(Array.from({ length: 200 }, () => nextTurn().then(() => grants.push(time.now()))));
		for (const start of grants)
			expect(grants.filter((t) => t >= start && t < start + 1000).length).toBeLessThanOrEqual(40);
	});

	it('after a stall, does not release a catch-up burst', async () => {
		const time = fakeTime();
		const nextTurn = requestPacer(40, time);
		await nextTurn();
		time.stall(500);
		const grants: number[] = [];
		await Promise.all(Array.from({ length: 3 }, () => nextTurn().then(() => grants.push(time.now()))));
		expect(grants).toEqual([500, 525, 550]);
	});
});

describe('pacedRequest', () => {
	it('holds back globally limited routes and lets interaction callbacks and follow-ups through', async () => {
		let turns = 0;
		const sent: string[] = [];
		const request = pacedRequest(
			async (url) => {
				sent.push(url);
				return new Response(null, { status: 204 });
			},
			async () => {
				turns++;
			},
		);
		await request('http://127.0.0.1:1/api/v10/channels/1/messages', { method: 'POST' });
		await request('http://127.0.0.1:1/api/v10/interactions/2/tok/callback', { method: 'POST' });
		await request('http://127.0.0.1:1/api/v10/webhooks/3/tok', { method: 'POST' });
		expect(sent).toHaveLength(3);
		expect(turns).toBe(1);
		expect(isGlobalLimited('https://discord.com/api/v10/channels/1/threads')).toBe(true);
	});
});
