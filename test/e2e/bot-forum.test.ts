import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { answeringAdvisor, type BotHarness, startBotHarness } from '../support/bot-harness.js';

let harness: BotHarness | undefined;
afterEach(async () => {
	await harness?.stop();
	harness = undefined;
});

/** Whether a planted key reached the database files, the logs or anything the bot sent. */
function leaks(h: BotHarness, key: string): boolean {
	const files = readdirSync(h.dataDir).map((f) => readFileSync(path.join(h.dataDir, f)).toString('latin1'));
	return [...files, ...h.logs, JSON.stringify(h.sandbox.requests.map((r) => r.body))].some((t) => t.includes(key));
}

const replies = (h: BotHarness, threadId: string) =>
	h.sandbox.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${threadId}/messages`);

describe('the bot in a forum (real discord.js client ↔ sandbox)', () => {
	it('replies once to a new forum post, safely, and tags it', async () => {
		harness = await startBotHarness();
		const { thread, message } = harness.sandbox.createForumPost({ by: 'alice', title: '403 on o3', content: 'help' });
		await harness.settle(message.id);
		await harness.sandbox.waitForRequest((r) => r.method === 'PATCH' && r.path === `/channels/${thread.id}`);
		const [reply, ...more] = replies(harness, thread.id);
		expect(more).toEqual([]);
		expect(reply?.body).toMatchObject({
			content: 'ack: 403 on o3',
			message_reference: { message_id: message.id },
			allowed_mentions: { parse: [] },
			enforce_nonce: true,
		});
		expect(harness.sandbox.threadTags(thread.id)).toEqual(['Needs info']);
	});

	it('keeps tags people set themselves', async () => {
		harness = await startBotHarness();
		const { thread, message } = harness.sandbox.createForumPost({
			by: 'alice',
			title: 'tagged',
			content: 'x',
			tags: ['Solved'],
		});
		await harness.settle(message.id);
		await harness.sandbox.waitForRequest((r) => r.method === 'PATCH' && r.path === `/channels/${thread.id}`);
		// 'Solved' is one of ours, so it is replaced by the state tag; a foreign tag would stay.
		expect(harness.sandbox.threadTags(thread.id)).toEqual(['Needs info']);
	});

	it('ignores posts outside the watched forum and messages from other members', async () => {
		harness = await startBotHarness();
		const { thread, message } = harness.sandbox.createForumPost({ by: 'alice', title: 'q', content: 'x' });
		await harness.settle(message.id);
		const other = harness.sandbox.postMessage({ channelId: thread.id, by: 'bob', content: 'same here' });
		await harness.settle(other.id);
		expect(replies(harness, thread.id)).toHaveLength(1);
		harness.sandbox.postMessage({ channelId: harness.sandbox.channelId('moderators'), by: 'alice', content: 'hi' });
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(
			harness.sandbox.requests.filter((r) => r.path.includes(harness?.sandbox.channelId('moderators') ?? '')),
		).toHaveLength(0);
	});

	it('honours !mute across a restart, and !unmute', async () => {
		harness = await startBotHarness();
		const { thread, message } = harness.sandbox.createForumPost({ by: 'alice', title: 'q', content: 'x' });
		await harness.settle(message.id);
		const mute = harness.sandbox.postMessage({ channelId: thread.id, by: 'alice', content: '!mute' });
		await harness.settle(mute.id);
		harness = await harness.restart();
		const ignored = harness.sandbox.postMessage({ channelId: thread.id, by: 'alice', content: 'still 403' });
		await harness.settle(ignored.id);
		const contents = () =>
			replies(harness as BotHarness, thread.id).map((r) => (r.body as { content: string }).content);
		expect(contents()).toHaveLength(2);
		expect(contents()[1]).toMatch(/stay quiet/);
		// In a muted thread the bot says nothing to anyone but moderators: a member's command gets no public refusal.
		for (const content of ['!unmute', '!mute']) {
			const refused = harness.sandbox.postMessage({ channelId: thread.id, by: 'bob', content });
			await harness.settle(refused.id);
		}
		expect(contents()).toHaveLength(2);
		const unmute = harness.sandbox.postMessage({ channelId: thread.id, by: 'mod', content: '!unmute' });
		await harness.settle(unmute.id);
		expect(contents()[2]).toMatch(/listening again/);
	});

	it('steps back when a helper posts', async () => {
		harness = await startBotHarness();
		const { thread, message } = harness.sandbox.createForumPost({ by: 'alice', title: 'q', content: 'x' });
		await harness.settle(message.id);
		const helper = harness.sandbox.postMessage({ channelId: thread.id, by: 'helper', content: 'I got this' });
		await harness.settle(helper.id);
		const owner = harness.sandbox.postMessage({ channelId: thread.id, by: 'alice', content: 'thanks' });
		await harness.settle(owner.id);
		expect(replies(harness, thread.id)).toHaveLength(1);
	});

	it('after a staff take-over, a member who mentions the bot gets only a pointer; the thread keeps its state', async () => {
		harness = await startBotHarness({ advisor: answeringAdvisor });
		const { sandbox } = harness;
		const { thread, message } = sandbox.createForumPost({ by: 'alice', title: 'q', content: 'x' });
		await harness.settle(message.id);
		const helper = sandbox.postMessage({ channelId: thread.id, by: 'helper', content: 'I got this' });
		await harness.settle(helper.id);
		const mention = sandbox.postMessage({
			channelId: thread.id,
			by: 'bob',
			content: `<@${sandbox.botUserId}> I get a 403 too, answer me`,
		});
		await harness.settle(mention.id);
		const sent = replies(harness, thread.id).map((r) => r.body as { content: string; message_reference?: unknown });
		expect(sent).toHaveLength(2);
		expect(sent[1]?.content).toMatch(/People are looking after this thread/);
		expect(sent[1]?.message_reference).toMatchObject({ message_id: mention.id });
		const row = harness.app.db.prepare('SELECT state, staff_took_over FROM threads WHERE thread_id = ?').get(thread.id);
		expect(row).toEqual({ state: 'answered', staff_took_over: 1 });
	});

	it('waits out a 429 on the reply and still replies exactly once', async () => {
		harness = await startBotHarness();
		harness.sandbox.respondOnce({ method: 'POST', path: '/channels/:id/messages' }, { status: 429, retryAfter: 0.3 });
		const { thread, message } = harness.sandbox.createForumPost({ by: 'alice', title: 'q', content: 'x' });
		await harness.settle(message.id);
		const attempts = replies(harness, thread.id);
		expect(attempts.map((r) => r.status)).toEqual([429, 200]);
	});

	it('resumes after a dropped gateway connection and answers what was posted meanwhile', async () => {
		harness = await startBotHarness();
		const resumed = harness.sandbox.waitForGateway(
			(f) => f.direction === 'received' && f.op === 6 && f.path === '/resume',
			{ timeoutMs: 5000 },
		);
		harness.sandbox.disconnect(4000);
		const { thread, message } = harness.sandbox.createForumPost({ by: 'alice', title: 'while away', content: 'x' });
		await resumed;
		await harness.settle(message.id);
		expect(replies(harness, thread.id)).toHaveLength(1);
	});

	it('re-identifies after an invalid session and misses nothing', async () => {
		harness = await startBotHarness();
		const key = `sk-ant-api03-${'Zq9_'.repeat(20)}AA`;
		harness.sandbox.createForumPost({ by: 'bob', title: 'key before the fault', content: `403 ${key}` });
		const since = harness.sandbox.gatewayFrames.length;
		harness.sandbox.invalidateSession(false);
		await harness.sandbox.waitForGateway((f) => f.direction === 'received' && f.op === 2, { since, timeoutMs: 10_000 });
		const { thread, message } = harness.sandbox.createForumPost({ by: 'alice', title: 'after op 9', content: 'x' });
		await harness.settle(message.id);
		expect(replies(harness, thread.id)).toHaveLength(1);
		expect(leaks(harness, key)).toBe(false);
	});

	it('detects a zombie connection (no heartbeat ACKs), resumes, and misses nothing', async () => {
		harness = await startBotHarness({ sandbox: { heartbeatIntervalMs: 300 } });
		harness.sandbox.stopHeartbeatAcks();
		const { thread, message } = harness.sandbox.createForumPost({ by: 'alice', title: 'zombie', content: 'x' });
		await harness.sandbox.waitForGateway((f) => f.direction === 'received' && f.op === 6, { timeoutMs: 10_000 });
		harness.sandbox.resumeHeartbeatAcks();
		await harness.settle(message.id);
		expect(replies(harness, thread.id)).toHaveLength(1);
	});

	it('answers, after a restart, what was posted while it was down, exactly once', async () => {
		harness = await startBotHarness();
		const first = harness.sandbox.createForumPost({ by: 'alice', title: 'before', content: 'x' });
		await harness.settle(first.message.id);
		await harness.app.stop();
		const key = `AIzaSy${'Dn7tM3w4Q5'.repeat(3)}abcde`;
		const whileDown = harness.sandbox.createForumPost({ by: 'bob', title: 'while down', content: `y ${key}` });
		const followUp = harness.sandbox.postMessage({ channelId: first.thread.id, by: 'alice', content: 'more info' });
		harness = await harness.restart();
		await harness.settle(whileDown.message.id);
		await harness.settle(followUp.id);
		// One answer, plus the redacted repost of the post (its key made the bot delete it: it has Manage Messages).
		const downReplies = replies(harness, whileDown.thread.id).map((r) => (r.body as { content: string }).content);
		expect(downReplies.filter((c) => !c.startsWith('🔒'))).toHaveLength(1);
		expect(downReplies.filter((c) => c.startsWith('🔒'))).toHaveLength(1);
		// The follow-up was handled (settled) but adds nothing: the same ask is not posted a second time.
		expect(replies(harness, first.thread.id)).toHaveLength(1);
		expect(leaks(harness, key)).toBe(false);
	});

	it('keeps message bodies and tokens out of the logs', async () => {
		harness = await startBotHarness();
		const secret = 'sk-proj-FAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKE1234';
		const { message } = harness.sandbox.createForumPost({ by: 'alice', title: 'q', content: `my key ${secret}` });
		await harness.settle(message.id);
		const logs = harness.logs.join('');
		expect(logs).toContain('message handled');
		expect(logs).not.toContain(secret);
		expect(logs).not.toContain(harness.sandbox.token);
	});
});

describe('buttons and slash commands', () => {
	const answering = { advisor: answeringAdvisor };

	it('registers /doorman for the guild and answers /doorman status ephemerally', async () => {
		harness = await startBotHarness(answering);
		expect(harness.sandbox.commands(harness.sandbox.guildId).map((c) => c.name)).toContain('doorman');
		const { thread, message } = harness.sandbox.createForumPost({ by: 'alice', title: 'q', content: 'x' });
		await harness.settle(message.id);
		const handle = harness.sandbox.slashCommand({
			by: 'alice',
			name: 'doorman',
			subcommand: 'status',
			channelId: thread.id,
		});
		const callback = await handle.waitForCallback();
		expect(callback.body).toMatchObject({ type: 4, data: { flags: 64 } });
		expect((callback.body as { data: { content: string } }).data.content).toMatch(
			/State:\*\* answered[\s\S]*answer: MATCHED:test/,
		);
	});

	it("puts Solved it / Didn't help under answers; only the owner or a moderator may press them", async () => {
		harness = await startBotHarness(answering);
		const { thread, message } = harness.sandbox.createForumPost({ by: 'alice', title: 'q', content: 'x' });
		await harness.settle(message.id);
		const answer = harness.sandbox.transcript(thread.id).find((e) => e.isBot);
		expect(answer?.buttons).toEqual(['Solved it', "Didn't help"]);
		const solvedId = answer?.components.find((c) => c.label === 'Solved it')?.customId ?? '';
		const stranger = harness.sandbox.clickButton({ by: 'bob', messageId: answer?.id ?? '', customId: solvedId });
		expect((await stranger.waitForCallback()).body).toMatchObject({
			data: { flags: 64, content: expect.stringMatching(/Only the person/) },
		});
		const owner = harness.sandbox.clickButton({ by: 'alice', messageId: answer?.id ?? '', customId: solvedId });
		await owner.waitForCallback();
		await harness.sandbox.waitForRequest(
			(r) =>
				r.method === 'PATCH' &&
				r.path === `/channels/${thread.id}` &&
				JSON.stringify(r.body).includes(harness?.sandbox.tagId('Solved') ?? '-'),
		);
		expect(harness.sandbox.threadTags(thread.id)).toEqual(['Solved']);
	});
});

describe('operations endpoint', () => {
	it('serves /healthz and /metrics for the running bot', async () => {
		harness = await startBotHarness({ env: { HTTP_PORT: '0' } });
		const url = harness.app.opsUrl;
		if (url === null) throw new Error('ops server not started');
		const health = await fetch(`${url}/healthz`);
		expect(health.status).toBe(200);
		expect(await health.json()).toMatchObject({ ok: true, checks: { gateway: true, database: true } });
		const { message } = harness.sandbox.createForumPost({ by: 'alice', title: 'q', content: 'x' });
		await harness.settle(message.id);
		const metrics = await (await fetch(`${url}/metrics`)).text();
		expect(metrics).toMatch(/doorman_events_handled_total\{kind="ask"\} 1/);
		expect(metrics).toMatch(/doorman_replies_sent_total\{kind="ask"\} 1/);
		expect(metrics).toMatch(/doorman_queue_depth 0/);
	});
});

describe('unexpected failures', () => {
	it('tells the poster, quoting a reference id that the error log carries', async () => {
		harness = await startBotHarness({
			advisor: async () => {
				throw new Error('boom');
			},
		});
		const { thread, message } = harness.sandbox.createForumPost({ by: 'alice', title: 'q', content: 'x' });
		const reply = await harness.sandbox.waitForRequest(
			(r) => r.method === 'POST' && r.path === `/channels/${thread.id}/messages`,
		);
		const ref = /ref `([a-z0-9]+)`/.exec(JSON.stringify(reply.body))?.[1];
		expect(ref).toBeDefined();
		expect(harness.logs.some((l) => l.includes('handler failed') && l.includes(`"ref":"${ref}"`))).toBe(true);
		expect(message.id).toBe(thread.id);
	});
});
