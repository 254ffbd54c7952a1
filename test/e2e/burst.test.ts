import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type BotHarness, startBotHarness } from '../support/bot-harness.js';

const PLANTED_KEY = `sk-proj-${'B0rst'.repeat(10)}Q1`;
let harness: BotHarness | undefined;
afterEach(async () => {
	await harness?.stop();
	harness = undefined;
});

describe('a burst of new threads under Discord rate limits', () => {
	it('answers 1,000 threads posted within seconds: all answered once, no 429 storm, bounded memory', async () => {
		harness = await startBotHarness({ sandbox: { rateLimits: true }, productionRest: true });
		const heapBefore = process.memoryUsage().heapUsed;
		const threads: string[] = [];
		for (let i = 0; i < 1000; i++) {
			threads.push(
				harness.sandbox.createForumPost({
					by: i % 2 ? 'alice' : 'bob',
					title: `burst ${i}`,
					content: `403 again ${PLANTED_KEY}`,
				}).thread.id,
			);
			if (i % 100 === 99) await new Promise((resolve) => setTimeout(resolve, 200));
		}
		const sandbox = harness.sandbox;
		const replied = () =>
			new Set(sandbox.requests.filter((r) => r.method === 'POST' && r.status === 200).map((r) => r.path));
		// Generous: on a loaded machine the burst takes minutes; the pace, not the wall time, is under test.
		const deadline = Date.now() + 400_000;
		while (replied().size < threads.length && Date.now() < deadline)
			await new Promise((resolve) => setTimeout(resolve, 250));
		await harness.app.bot.idle();
		for (const id of threads) {
			expect(
				sandbox.messages(id).filter((m) => m.author.id === sandbox.botUserId && !m.content.startsWith('🔒')),
				id,
			).toHaveLength(1);
			// Each post held a key: the bot (with Manage Messages) reposted it redacted, once.
			expect(
				sandbox.messages(id).filter((m) => m.content.startsWith('🔒')),
				id,
			).toHaveLength(1);
		}
		const limited = sandbox.requests.filter((r) => r.status === 429).length;
		expect(limited, `${limited} of ${sandbox.requests.length} requests got 429`).toBeLessThan(
			sandbox.requests.length * 0.05,
		);
		const files = readdirSync(harness.dataDir).map((f) =>
			readFileSync(path.join(harness?.dataDir ?? '', f)).toString('latin1'),
		);
		expect([...files, ...harness.logs, JSON.stringify(sandbox.requests.map((r) => r.body))].join('\n')).not.toContain(
			PLANTED_KEY,
		);
		const heapGrowthMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
		expect(heapGrowthMb).toBeLessThan(300);
	}, 480_000);
});
