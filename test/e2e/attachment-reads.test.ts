import { PermissionFlagsBits } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import type { PostText } from '../../src/model.js';
import type { Advisor } from '../../src/thread/advice.js';
import { type BotHarness, echoAdvisor, startBotHarness } from '../support/bot-harness.js';

/**
 * When the bot downloads a message's attachments (real discord.js client ↔ sandbox, whose attachment server stands in
 * for Discord's CDN): once per message, for the key scan that runs on every message; never again for a follow-up, an
 * edit, or a thread read back from the store.
 */

let harness: BotHarness | undefined;
afterEach(async () => {
	await harness?.stop();
	harness = undefined;
});

const KEY = `sk-or-v1-${'0123456789abcdef'.repeat(4)}`;

/** How often the bot fetched a file of that name from the sandbox's attachment server. */
const downloads = (h: BotHarness, filename: string) =>
	h.sandbox.requests.filter((r) => r.kind === 'cdn' && r.method === 'GET' && r.path.endsWith(`/${filename}`)).length;

const botMessages = (h: BotHarness, channelId: string) =>
	h.sandbox.messages(channelId).filter((m) => m.author.id === h.sandbox.userId('Doorman') || m.author.bot === true);

/** An advisor that records what it was asked to read and answers with the size of it (so an edit changes the reply). */
function recordingAdvisor(): { readonly advisor: Advisor; readonly seen: PostText[] } {
	const seen: PostText[] = [];
	const advisor: Advisor = async (post) => {
		seen.push(post);
		const read = await echoAdvisor(post);
		const files = post.attachments.map((a) => a.name).join(',');
		return { ...read, advice: { ...read.advice, content: `ack: ${post.body.length} [${files}]` } };
	};
	return { advisor, seen };
}

const LOG =
	'openai.APIStatusError: Error code: 403\n{"error":{"message":"Country, region, or territory not supported"}}';

/** Starts the bot and lets it handle alice's post with a log file attached (downloaded once, for the first read). */
async function startWithLoggedPost() {
	const { advisor, seen } = recordingAdvisor();
	const h = await startBotHarness({ advisor });
	harness = h;
	const { thread, message } = h.sandbox.createForumPost({
		by: 'alice',
		title: '403 on gpt-4o',
		content: 'see the log',
		attachments: [{ filename: 'first.log', content: LOG }],
	});
	await h.settle(message.id);
	return { h, seen, thread, message };
}

describe('attachments are downloaded once, and what was read is kept', () => {
	it('a follow-up and an edit of the first post read its attachment from the store, not from Discord', async () => {
		const { h, seen, thread, message } = await startWithLoggedPost();
		expect(downloads(h, 'first.log')).toBe(1);
		const followUp = h.sandbox.postMessage({ channelId: thread.id, by: 'alice', content: 'still broken' });
		await h.settle(followUp.id);
		expect(seen.at(-1)?.attachments.map((a) => a.text)).toContain(LOG);
		const reply = botMessages(h, thread.id)[0];
		h.sandbox.editMessage({
			channelId: thread.id,
			messageId: message.id,
			by: 'alice',
			content: 'see the log, sent with the openai SDK',
		});
		await h.sandbox.waitForRequest(
			(r) => r.method === 'PATCH' && r.path === `/channels/${thread.id}/messages/${reply?.id}`,
		);
		await h.app.bot.idle();
		// The edit was read with the file kept when the post arrived.
		expect(seen.at(-1)?.body).toContain('sent with the openai SDK');
		expect(seen.at(-1)?.attachments.map((a) => a.text)).toContain(LOG);
		expect(downloads(h, 'first.log')).toBe(1);
	});

	it('a thread read from Discord (from before the store kept every post) is kept, so it is downloaded once', async () => {
		const { h, seen, thread } = await startWithLoggedPost();
		// As for a thread the bot handled before the owner_posts table existed.
		h.app.db.prepare('DELETE FROM owner_posts WHERE thread_id = ?').run(thread.id);
		const second = h.sandbox.postMessage({ channelId: thread.id, by: 'alice', content: 'still broken' });
		await h.settle(second.id);
		expect(seen.at(-1)?.attachments.map((a) => a.text)).toContain(LOG);
		expect(downloads(h, 'first.log')).toBe(2);
		const third = h.sandbox.postMessage({ channelId: thread.id, by: 'alice', content: 'any idea?' });
		await h.settle(third.id);
		expect(seen.at(-1)?.attachments.map((a) => a.text)).toContain(LOG);
		expect(downloads(h, 'first.log')).toBe(2);
	});

	it('a thread whose history Discord would not give is not kept half-read: the next follow-up reads it again', async () => {
		const { h, seen, thread, message } = await startWithLoggedPost();
		h.app.db.prepare('DELETE FROM owner_posts WHERE thread_id = ?').run(thread.id);
		const keptStarter = () =>
			h.app.db.prepare('SELECT count(*) AS n FROM owner_posts WHERE message_id = ?').get(message.id);
		// The thread's messages refused once (the starter alone is still fetched on its own).
		h.sandbox.respondOnce(
			{ method: 'GET', path: `/channels/${thread.id}/messages` },
			{ status: 403, code: 50001, message: 'Missing Access' },
		);
		const second = h.sandbox.postMessage({ channelId: thread.id, by: 'alice', content: 'still broken' });
		await h.settle(second.id);
		expect(seen.at(-1)?.attachments.map((a) => a.text)).toContain(LOG);
		expect(keptStarter()).toEqual({ n: 0 });
		const third = h.sandbox.postMessage({ channelId: thread.id, by: 'alice', content: 'any idea?' });
		await h.settle(third.id);
		expect(keptStarter()).toEqual({ n: 1 });
		expect(downloads(h, 'first.log')).toBe(3);
	});

	it('in a muted thread a file is downloaded once, for the key scan; after !unmute the owner’s is read from the store', async () => {
		const { advisor, seen } = recordingAdvisor();
		harness = await startBotHarness({ advisor });
		const { thread, message } = harness.sandbox.createForumPost({ by: 'alice', title: '403', content: 'help' });
		await harness.settle(message.id);
		const mute = harness.sandbox.postMessage({ channelId: thread.id, by: 'alice', content: '!mute' });
		await harness.settle(mute.id);
		const asked = seen.length;
		const member = harness.sandbox.postMessage({
			channelId: thread.id,
			by: 'bob',
			content: 'mine too',
			attachments: [{ filename: 'bob.log', content: LOG }],
		});
		const owner = harness.sandbox.postMessage({
			channelId: thread.id,
			by: 'alice',
			content: 'here is the log',
			attachments: [{ filename: 'alice.log', content: LOG }],
		});
		await harness.settle(member.id);
		await harness.settle(owner.id);
		expect(seen.length).toBe(asked);
		expect(downloads(harness, 'bob.log')).toBe(1);
		expect(downloads(harness, 'alice.log')).toBe(1);
		const unmute = harness.sandbox.postMessage({ channelId: thread.id, by: 'alice', content: '!unmute' });
		await harness.settle(unmute.id);
		const later = harness.sandbox.postMessage({ channelId: thread.id, by: 'alice', content: 'still broken' });
		await harness.settle(later.id);
		// The owner's file posted while muted is part of the thread's reading; another member's is not.
		expect(seen.at(-1)?.attachments.map((a) => a.name)).toEqual(['alice.log']);
		expect(downloads(harness, 'alice.log')).toBe(1);
		expect(downloads(harness, 'bob.log')).toBe(1);
	});
});

describe('a key in an attachment in a muted thread still gets its notice', () => {
	it('with Manage Messages: the message is reposted redacted, with its file, and nothing else is said', async () => {
		harness = await startBotHarness();
		const { thread, message } = harness.sandbox.createForumPost({ by: 'alice', title: '403', content: 'help' });
		await harness.settle(message.id);
		const mute = harness.sandbox.postMessage({ channelId: thread.id, by: 'alice', content: '!mute' });
		await harness.settle(mute.id);
		const before = botMessages(harness, thread.id).length;
		const member = harness.sandbox.postMessage({
			channelId: thread.id,
			by: 'bob',
			content: 'my config is attached',
			attachments: [{ filename: 'message.txt', content: `OPENROUTER_API_KEY=${KEY}` }],
		});
		await harness.settle(member.id);
		await harness.sandbox.waitForRequest((r) => r.method === 'DELETE' && r.path.endsWith(`/messages/${member.id}`));
		await harness.app.bot.idle();
		const said = botMessages(harness, thread.id).slice(before);
		expect(said).toHaveLength(1);
		expect(said[0]?.content).toMatch(/rotate/);
		expect(downloads(harness, 'message.txt')).toBe(1);
		const attached = await fetch(said[0]?.attachments[0]?.url ?? '').then((r) => r.text());
		expect(attached).toBe('OPENROUTER_API_KEY=[REDACTED:openrouter]');
	});

	it('without Manage Messages: the poster is told to rotate the key', async () => {
		harness = await startBotHarness({
			sandbox: {
				botPermissions:
					PermissionFlagsBits.ViewChannel |
					PermissionFlagsBits.SendMessages |
					PermissionFlagsBits.SendMessagesInThreads |
					PermissionFlagsBits.ReadMessageHistory |
					PermissionFlagsBits.ManageThreads,
			},
		});
		const { thread, message } = harness.sandbox.createForumPost({ by: 'alice', title: '403', content: 'help' });
		await harness.settle(message.id);
		const mute = harness.sandbox.postMessage({ channelId: thread.id, by: 'alice', content: '!mute' });
		await harness.settle(mute.id);
		const member = harness.sandbox.postMessage({
			channelId: thread.id,
			by: 'bob',
			content: 'my config is attached',
			attachments: [{ filename: 'config.env', content: `OPENROUTER_API_KEY=${KEY}` }],
		});
		await harness.settle(member.id);
		const notice = botMessages(harness, thread.id).find((m) => m.content.includes('cannot remove it'));
		expect(notice?.content).toMatch(/rotate the key/);
		expect(notice?.message_reference?.message_id).toBe(member.id);
	});
});
