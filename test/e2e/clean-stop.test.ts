import { describe, expect, it } from 'vitest';
import { useChildBotWorlds } from '../support/child-bot.js';
import { botMessages } from '../support/transcript.js';

/**
 * SIGTERM while moderator-queue posts wait on the queue channel's rate limit: the bot (a child process, `doorman
 * start`) stops taking events, gives in-flight work its grace period, leaves what still waits pending in the store and
 * exits, without touching a closed database; the next start posts what was left, once.
 */

const POST =
	"PermissionDeniedError: Error code: 403 - {'error': {'code': 'unsupported_country_region_territory', 'message': 'Country, region, or territory not supported'}}\nclient = OpenAI()  # model gpt-4o";
const THREADS = 5;
/** Three bot messages per channel per window: each thread's answer and hand-off pass, the queue's fourth waits. */
const PER_CHANNEL = 3;
/** Far longer than any wait in this test: a bot that waited for the window to end would time the test out. */
const WINDOW_MS = 10 * 60_000;

const childBotWorld = useChildBotWorlds();

describe('clean stop (SIGTERM to the real process)', () => {
	it('ends within the grace period while queue posts wait on a rate limit; the next start posts them once', async () => {
		const w = await childBotWorld({
			sandbox: { rateLimits: { messagesPerChannel: { limit: PER_CHANNEL, windowMs: WINDOW_MS } } },
			env: (sandbox) => ({ MODERATOR_CHANNEL_ID: sandbox.channelId('moderators'), STOP_GRACE_MS: '500' }),
		});
		const { sandbox } = w;
		const mods = sandbox.channelId('moderators');
		await w.start(/catch-up finished/);
		const threads: string[] = [];
		for (let i = 0; i < THREADS; i++) {
			const { thread } = sandbox.createForumPost({ by: 'alice', title: `403 number ${i}`, content: POST });
			threads.push(thread.id);
		}
		await w.waitUntil(() => threads.every((t) => botMessages(sandbox, t).length === 1), 'the answers');
		for (const t of threads) sandbox.postMessage({ channelId: t, by: 'alice', content: 'can I talk to a human?' });
		await w.waitUntil(() => threads.every((t) => botMessages(sandbox, t).length === 2), 'the hand-offs');
		await w.waitUntil(() => botMessages(sandbox, mods).length === PER_CHANNEL, 'the queue posts');
		// The rest of the queue posts wait for the channel's window, inside discord.js.
		const unposted = () =>
			w.readDb(
				(d) => d.prepare('SELECT count(*) AS n FROM escalations WHERE mod_message_id IS NULL').get() as { n: number },
			);
		await w.waitUntil(() => unposted().n === THREADS - PER_CHANNEL, 'the posted ones recorded');

		expect(await w.bot.kill('SIGTERM')).toBe(0);
		const output = w.bot.output();
		expect(output).not.toMatch(/database connection is not open/);
		expect(output).not.toMatch(/"level":50/);
		expect(output).toMatch(/stop: grace period over; work still waiting on Discord stays pending/);
		expect(unposted()).toEqual({ n: THREADS - PER_CHANNEL });

		// Restarted once the window has passed (on the sandbox clock): the waiting posts go out, nothing twice.
		sandbox.advanceClock(WINDOW_MS);
		const bot = await w.start();
		await w.waitUntil(() => botMessages(sandbox, mods).length === THREADS, 'the rest of the queue');
		await w.waitUntil(() => /unfinished hand-offs from the last run settled/.test(bot.output()), 'settled');
		expect(unposted()).toEqual({ n: 0 });
		const headings = botMessages(sandbox, mods).map((m) => /^\*\*Escalation #(\d+)\*\*/.exec(m.content)?.[1]);
		expect(new Set(headings).size).toBe(THREADS);
		for (const t of threads) expect(botMessages(sandbox, t)).toHaveLength(2);
		expect(await bot.kill('SIGTERM')).toBe(0);
		expect(bot.output()).not.toMatch(/database connection is not open|"level":50/);
	}, 90_000);
});
