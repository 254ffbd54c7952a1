import { afterEach, describe, expect, it } from 'vitest';
import { CATCH_UP_CONCURRENCY } from '../../src/discord/catch-up.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { type BotHarness, startBotHarness } from '../support/bot-harness.js';
import { EVENTUALLY_MS } from '../support/eventually.js';

let harness: BotHarness | undefined;
afterEach(async () => {
	await harness?.stop();
	harness = undefined;
});

/** Posts made while the bot was down. */
const BACKLOG = 60;

/** Index in the sandbox's request log of the bot's first message in each thread (-1: none yet). */
const firstReplyAt = (sandbox: Sandbox, threadId: string): number =>
	sandbox.requests.findIndex((r) => r.method === 'POST' && r.path === `/channels/${threadId}/messages`);

async function waitFor(check: () => boolean, what: string): Promise<void> {
	const deadline = Date.now() + EVENTUALLY_MS;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

describe('ready at once: catch-up runs in the background (real discord.js client ↔ sandbox)', () => {
	it('serves /healthz and answers a new post while a backlog from downtime is still being caught up, oldest first', async () => {
		harness = await startBotHarness({ env: { HTTP_PORT: '0' } });
		const { sandbox } = harness;
		// The first start is recorded; then the bot is down while posts arrive.
		await harness.app.stop();
		const backlog = Array.from(
			{ length: BACKLOG },
			(_, i) => sandbox.createForumPost({ by: 'alice', title: `while down ${i}`, content: '403' }).thread.id,
		);
		harness = await harness.restart();
		const answered = () => backlog.filter((id) => firstReplyAt(sandbox, id) >= 0).length;

		// Start-up returned with the backlog still there, and health is served.
		expect(answered()).toBeLessThan(BACKLOG);
		const health = await fetch(`${harness.app.opsUrl}/healthz`);
		expect(health.status).toBe(200);

		const fresh = sandbox.createForumPost({ by: 'bob', title: 'new while catching up', content: '403' });
		await waitFor(() => firstReplyAt(sandbox, fresh.thread.id) >= 0, 'the new post to be answered');
		const freshAt = firstReplyAt(sandbox, fresh.thread.id);
		await harness.app.bot.idle();

		// Every backlog post answered once, and some only after the new post was.
		expect(answered()).toBe(BACKLOG);
		const backlogAt = backlog.map((id) => firstReplyAt(sandbox, id));
		expect(Math.max(...backlogAt)).toBeGreaterThan(freshAt);
		// Oldest first, a few threads at a time: a thread is taken only once the one CATCH_UP_CONCURRENCY before it is done.
		for (let i = 0; i + CATCH_UP_CONCURRENCY < BACKLOG; i++)
			expect(backlogAt[i + CATCH_UP_CONCURRENCY]).toBeGreaterThan(backlogAt[i] as number);
		for (const id of backlog)
			expect(sandbox.messages(id).filter((m) => m.author.id === sandbox.botUserId)).toHaveLength(1);
	}, 60_000);
});
