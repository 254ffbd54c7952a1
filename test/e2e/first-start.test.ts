import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { type BotHarness, startBotHarness } from '../support/bot-harness.js';

let harness: BotHarness | undefined;
afterEach(async () => {
	await harness?.stop();
	harness = undefined;
});

const botReplies = (sandbox: Sandbox, channelId: string) =>
	sandbox.transcript(channelId).filter((e) => e.isBot && e.visibleTo === undefined);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The bot's first start against a forum that already has threads. */
async function firstStart(sandbox: Sandbox, env: Record<string, string> = {}): Promise<BotHarness> {
	const dataDir = mkdtempSync(path.join(tmpdir(), 'doorman-e2e-'));
	const h = await startBotHarness({ env }, { sandbox, dataDir, logs: [] });
	await h.app.bot.idle();
	return h;
}

describe('first start and catch-up (real discord.js client ↔ sandbox)', () => {
	it('leaves threads from before the first start alone; catches up later ones nobody took care of', async () => {
		const sandbox = await startSandbox();
		const old = sandbox.createForumPost({ by: 'alice', title: 'old question', content: 'x' });
		const solvedByHelper = sandbox.createForumPost({ by: 'bob', title: 'old, solved', content: 'y' });
		sandbox.postMessage({ channelId: solvedByHelper.thread.id, by: 'helper', content: 'try this' });
		await sleep(5);
		harness = await firstStart(sandbox);
		expect(botReplies(sandbox, old.thread.id)).toHaveLength(0);
		expect(botReplies(sandbox, solvedByHelper.thread.id)).toHaveLength(0);
		// A later message in an old thread the bot never handled stays with people too.
		const later = sandbox.postMessage({ channelId: old.thread.id, by: 'alice', content: 'anyone?' });
		const fresh = sandbox.createForumPost({ by: 'alice', title: 'new while running', content: 'z' });
		await harness.settle(fresh.message.id);
		expect(botReplies(sandbox, fresh.thread.id)).toHaveLength(1);
		expect(botReplies(sandbox, old.thread.id)).toHaveLength(0);
		expect(harness.app.db.prepare('SELECT 1 FROM processed_messages WHERE message_id = ?').get(later.id)).toBe(
			undefined,
		);

		// Down for a while: three threads arrive; a helper answers one, another is tagged Solved.
		await harness.app.stop();
		const plain = sandbox.createForumPost({ by: 'alice', title: 'while down', content: 'a' });
		const helped = sandbox.createForumPost({ by: 'bob', title: 'helper answered', content: 'b' });
		sandbox.postMessage({ channelId: helped.thread.id, by: 'helper', content: 'do this' });
		const tagged = sandbox.createForumPost({ by: 'bob', title: 'tagged solved', content: 'c', tags: ['Solved'] });
		harness = await harness.restart();
		await harness.settle(plain.message.id);
		await harness.app.bot.idle();
		expect(botReplies(sandbox, plain.thread.id)).toHaveLength(1);
		expect(botReplies(sandbox, helped.thread.id)).toHaveLength(0);
		expect(botReplies(sandbox, tagged.thread.id)).toHaveLength(0);
		// The first start is remembered: the old thread is still not taken up after the restart.
		expect(botReplies(sandbox, old.thread.id)).toHaveLength(0);
	});

	it('CATCH_UP_WINDOW_HOURS widens the first start to recent threads, still skipping those staff answered', async () => {
		const sandbox = await startSandbox();
		const recent = sandbox.createForumPost({ by: 'alice', title: 'an hour ago', content: 'x' });
		const helped = sandbox.createForumPost({ by: 'bob', title: 'moderator replied', content: 'y' });
		sandbox.postMessage({ channelId: helped.thread.id, by: 'mod', content: 'looking' });
		await sleep(5);
		harness = await firstStart(sandbox, { CATCH_UP_WINDOW_HOURS: '2' });
		await harness.settle(recent.message.id);
		expect(botReplies(sandbox, recent.thread.id)).toHaveLength(1);
		expect(botReplies(sandbox, helped.thread.id)).toHaveLength(0);
	});
});
