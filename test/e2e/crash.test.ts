import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.js';
import { useChildBotWorlds } from '../support/child-bot.js';

/** A fake key in a real format, planted in every post; it must never reach the database or the logs. */
const PLANTED_KEY = `sk-or-v1-${'c0ffee00'.repeat(8)}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const childBotWorld = useChildBotWorlds();

async function connected(sandbox: Sandbox, since: number): Promise<void> {
	await sandbox.waitForGateway((f) => f.direction === 'sent' && f.t === 'GUILD_CREATE', { since, timeoutMs: 20_000 });
}

/** The bot's answers in a thread, not counting its redacted repost of a post that held a key. */
function botReplies(sandbox: Sandbox, threadId: string): number {
	return sandbox.messages(threadId).filter((m) => m.author.id === sandbox.botUserId && !m.content.startsWith('🔒'))
		.length;
}

/** The bot's reposts in a thread: at most one per post, whatever the crashes. */
function reposts(sandbox: Sandbox, threadId: string): number {
	return sandbox.messages(threadId).filter((m) => m.author.id === sandbox.botUserId && m.content.startsWith('🔒'))
		.length;
}

describe('crash safety (bot as a child process, killed with SIGKILL)', () => {
	it('answers every post exactly once across random SIGKILLs and a final restart', async () => {
		const w = await childBotWorld();
		const { sandbox, dir, db } = w;
		const threads: string[] = [];
		let seed = 7;
		const random = () => {
			seed = (seed * 1103515245 + 12345) % 2 ** 31;
			return seed / 2 ** 31;
		};
		for (let round = 0; round < 4; round++) {
			const since = sandbox.gatewayFrames.length;
			const bot = await w.start();
			await connected(sandbox, since);
			const posts = 5 + Math.floor(random() * 6);
			for (let i = 0; i < posts; i++) {
				threads.push(
					sandbox.createForumPost({
						by: 'alice',
						title: `round ${round} post ${i}`,
						content: `403 with key ${PLANTED_KEY}`,
					}).thread.id,
				);
				await sleep(Math.floor(random() * 15));
			}
			await sleep(Math.floor(random() * 60));
			await bot.kill('SIGKILL');
			// Posts made while the bot is dead must be caught up on the next start.
			threads.push(sandbox.createForumPost({ by: 'bob', title: `while dead ${round}`, content: 'y' }).thread.id);
		}
		const since = sandbox.gatewayFrames.length;
		const bot = await w.start();
		await connected(sandbox, since);
		const deadline = Date.now() + 20_000;
		while (threads.some((t) => botReplies(sandbox, t) === 0) && Date.now() < deadline) await sleep(50);
		await sleep(300);
		const counts = threads.map((t) => botReplies(sandbox, t));
		const missing = threads.filter((t) => botReplies(sandbox, t) !== 1).map((t) => sandbox.thread(t).name);
		expect(
			missing,
			bot
				.output()
				.split('\n')
				.filter((l) => /"level":(40|50)|catch-up|stopping/.test(l))
				.join('\n')
				.slice(-3000),
		).toEqual([]);
		expect(counts.length).toBeGreaterThan(20);
		expect(threads.filter((t) => reposts(sandbox, t) > 1).map((t) => sandbox.thread(t).name)).toEqual([]);
		await bot.kill('SIGTERM');
		expect(bot.output()).not.toContain(sandbox.token);
		expect(readFileSync(db).includes(Buffer.from(sandbox.token))).toBe(false);
		for (const file of readdirSync(dir))
			expect(readFileSync(path.join(dir, file)).includes(PLANTED_KEY), file).toBe(false);
		expect(bot.output()).not.toContain(PLANTED_KEY);
		expect(JSON.stringify(sandbox.requests.map((r) => r.body))).not.toContain(PLANTED_KEY);
	}, 120_000);

	it('stops cleanly on SIGTERM: exit 0 and a closed database', async () => {
		const w = await childBotWorld();
		const bot = await w.start();
		await connected(w.sandbox, 0);
		expect(await bot.kill('SIGTERM')).toBe(0);
		expect(bot.output()).toMatch(/Doorman stopped/);
	}, 60_000);
});
