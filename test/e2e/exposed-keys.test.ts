import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import { command as simulate } from '../../src/cli/commands/simulate.js';
import type { PostText } from '../../src/model.js';
import type { Advisor } from '../../src/thread/advice.js';
import { type BotHarness, echoAdvisor, startBotHarness } from '../support/bot-harness.js';
import { captureIo } from '../support/capture-io.js';
import { EVENTUALLY_MS } from '../support/eventually.js';
import { useTmpDir } from '../support/tmp-dir.js';

const tmp = useTmpDir();

let harness: BotHarness | undefined;
afterEach(async () => {
	await harness?.stop();
	harness = undefined;
});

const KEY = `sk-or-v1-${'0123456789abcdef'.repeat(4)}`;
const SECRET_PART = '0123456789abcdef0123456789abcdef';

/** Whether the key reached the database files, the logs or anything the bot sent. */
function leaks(h: BotHarness): boolean {
	const files = readdirSync(h.dataDir).map((f) => readFileSync(path.join(h.dataDir, f)).toString('latin1'));
	const sent = h.sandbox.requests.filter((r) => r.method !== 'GET').map((r) => JSON.stringify(r.body ?? null));
	return [...files, ...h.logs, ...sent].some((t) => t.includes(SECRET_PART));
}

const deletes = (h: BotHarness) => h.sandbox.requests.filter((r) => r.method === 'DELETE');
const botMessages = (h: BotHarness, channelId: string) =>
	h.sandbox.messages(channelId).filter((m) => m.author.id === h.sandbox.userId('Doorman') || m.author.bot === true);

/** The README's recommended permissions without Manage Messages (`292057844736`). */
const WITHOUT_MANAGE_MESSAGES =
	PermissionFlagsBits.ViewChannel |
	PermissionFlagsBits.SendMessages |
	PermissionFlagsBits.SendMessagesInThreads |
	PermissionFlagsBits.ReadMessageHistory |
	PermissionFlagsBits.ManageThreads;

describe('a pasted key is removed from the thread (real discord.js client ↔ sandbox)', () => {
	it('deletes a starter post holding a key and reposts it redacted as the bot’s first message; the thread stays', async () => {
		harness = await startBotHarness();
		const { thread, message } = harness.sandbox.createForumPost({
			by: 'alice',
			title: '403 on o3',
			content: `my client: api_key="${KEY}"\nError code: 403`,
		});
		await harness.settle(message.id);
		await harness.sandbox.waitForRequest((r) => r.method === 'DELETE' && r.path.endsWith(`/messages/${message.id}`));
		expect(harness.sandbox.thread(thread.id).id).toBe(thread.id);
		expect(harness.sandbox.messages(thread.id).some((m) => m.id === message.id)).toBe(false);
		const [first, ...rest] = botMessages(harness, thread.id);
		expect(first?.content).toContain(`<@${harness.sandbox.userId('alice')}> (alice) wrote`);
		expect(first?.content).toContain('[REDACTED:openrouter]');
		expect(first?.content).toContain('Error code: 403');
		expect(first?.content).toMatch(/rotate/);
		// The answer follows, replying to the repost rather than to the deleted post.
		expect(rest[0]?.message_reference?.message_id).toBe(first?.id);
		expect(leaks(harness)).toBe(false);
	});

	it('does the same for a follow-up and its attachment, and re-reads the reposted text later', async () => {
		const seen: PostText[] = [];
		const advisor: Advisor = async (post) => {
			seen.push(post);
			return echoAdvisor(post);
		};
		harness = await startBotHarness({ advisor });
		const { thread, message } = harness.sandbox.createForumPost({ by: 'alice', title: '403', content: 'help' });
		await harness.settle(message.id);
		const followUp = harness.sandbox.postMessage({
			channelId: thread.id,
			by: 'alice',
			content: `here is my config OPENROUTER_API_KEY=${KEY}`,
			attachments: [{ filename: 'message.txt', content: `Authorization: Bearer ${KEY}\nHTTP 403 Forbidden` }],
		});
		await harness.settle(followUp.id);
		expect(deletes(harness).map((r) => r.path)).toEqual([`/channels/${thread.id}/messages/${followUp.id}`]);
		const repost = botMessages(harness, thread.id).find((m) => m.content.includes('wrote'));
		expect(repost?.content).toContain('[REDACTED:openrouter]');
		expect(repost?.attachments.map((a) => a.filename)).toEqual(['message.txt']);
		const attached = await fetch(repost?.attachments[0]?.url ?? '').then((r) => r.text());
		expect(attached).toBe('Authorization: Bearer [REDACTED:openrouter]\nHTTP 403 Forbidden');
		const later = harness.sandbox.postMessage({ channelId: thread.id, by: 'alice', content: 'still broken' });
		await harness.settle(later.id);
		// The owner's thread read for the last message still holds the reposted (redacted) follow-up.
		expect(seen.at(-1)?.body).toContain('here is my config OPENROUTER_API_KEY=[REDACTED:openrouter]');
		expect(leaks(harness)).toBe(false);
	});

	it('removes a key added by an edit', async () => {
		harness = await startBotHarness();
		const { thread, message } = harness.sandbox.createForumPost({ by: 'alice', title: '403', content: 'help' });
		await harness.settle(message.id);
		const followUp = harness.sandbox.postMessage({ channelId: thread.id, by: 'alice', content: 'my config:' });
		await harness.settle(followUp.id);
		harness.sandbox.editMessage({
			channelId: thread.id,
			messageId: followUp.id,
			by: 'alice',
			content: `my config: ${KEY}`,
		});
		await harness.sandbox.waitForRequest((r) => r.method === 'DELETE' && r.path.endsWith(`/messages/${followUp.id}`));
		await harness.app.bot.idle();
		const repost = botMessages(harness, thread.id).find((m) => m.content.startsWith('🔒'));
		expect(repost?.content).toContain('> my config: [REDACTED:openrouter]');
		expect(leaks(harness)).toBe(false);
	});

	it('renames a title holding a key, and keeps the key out of the database', async () => {
		harness = await startBotHarness();
		const azure = '0123456789abcdef0123456789abcdef';
		const { thread, message } = harness.sandbox.createForumPost({
			by: 'alice',
			title: `Azure OpenAI 401 with key ${azure}`,
			content: 'help please',
		});
		await harness.settle(message.id);
		expect(harness.sandbox.thread(thread.id).name).toBe('Azure OpenAI 401 with key [REDACTED:azure]');
		const files = readdirSync(harness.dataDir).map((f) => readFileSync(path.join(harness?.dataDir ?? '', f)));
		expect(files.some((f) => f.toString('latin1').includes(azure))).toBe(false);
		// The starter itself held no key: it stays.
		expect(deletes(harness)).toEqual([]);
	});

	it("a key right after a JSON escape and an Azure key in the title: warned, and out of the draft, subject and database after Didn't help", async () => {
		harness = await startBotHarness({ advisor: 'kb' });
		const { sandbox } = harness;
		const escaped = `sk-proj-${'Qw3rT'.repeat(10)}Zz`;
		const azure = 'fedcba9876543210fedcba9876543210';
		const { thread, message } = sandbox.createForumPost({
			by: 'alice',
			title: `Azure OpenAI 401 with key ${azure}`,
			content: `openai.AuthenticationError: Error code: 401 - {'error': {'message': 'Incorrect API key provided', 'type': 'invalid_request_error', 'code': 'invalid_api_key'}}\nmy log: "env:\\n${escaped}\\tmodel=gpt-4o"`,
		});
		await harness.settle(message.id);
		const said = botMessages(harness, thread.id).map((m) => m.content);
		expect(said.join('\n')).toMatch(/rotate/);
		const answer = sandbox
			.transcript(thread.id)
			.find((e) => e.isBot && e.components.some((c) => c.label === "Didn't help"));
		const customId = answer?.components.find((c) => c.label === "Didn't help")?.customId;
		if (answer === undefined || customId === undefined) throw new Error("no Didn't help button");
		await sandbox.clickButton({ by: 'alice', messageId: answer.id, customId }).waitForCallback();
		const mods = sandbox.channelId('moderators');
		const deadline = Date.now() + EVENTUALLY_MS;
		while (botMessages(harness, mods).length === 0 && Date.now() < deadline)
			await new Promise((r) => setTimeout(r, 20));
		const row = harness.app.db.prepare('SELECT email_subject, email_body, summary_json FROM escalations').get() as
			| Record<string, string>
			| undefined;
		expect(row?.email_subject).toContain('[REDACTED:azure]');
		const everything = [
			JSON.stringify(row),
			...botMessages(harness, thread.id).map((m) => m.content),
			...botMessages(harness, mods).map((m) => m.content),
			...harness.logs,
			...readdirSync(harness.dataDir).map((f) => readFileSync(path.join(harness?.dataDir ?? '', f)).toString('latin1')),
		].join('\n');
		expect(everything).not.toContain(escaped.slice(8, 40));
		expect(everything).not.toContain(azure);
	});

	it('without Manage Messages tells the poster to rotate the key and the moderators’ queue once', async () => {
		harness = await startBotHarness({ sandbox: { botPermissions: WITHOUT_MANAGE_MESSAGES } });
		const { thread, message } = harness.sandbox.createForumPost({
			by: 'alice',
			title: '403 on o3',
			content: `key ${KEY} gets 403`,
		});
		await harness.settle(message.id);
		expect(deletes(harness)).toEqual([]);
		expect(harness.sandbox.messages(thread.id).some((m) => m.id === message.id)).toBe(true);
		const notice = botMessages(harness, thread.id).find((m) => m.content.includes('cannot remove it'));
		expect(notice?.content).toMatch(/rotate the key/);
		const queue = await harness.sandbox.waitForRequest(
			(r) => r.method === 'POST' && r.path === `/channels/${harness?.sandbox.channelId('moderators')}/messages`,
		);
		expect(JSON.stringify(queue.body)).toContain('Manage Messages');
		const other = harness.sandbox.postMessage({ channelId: thread.id, by: 'alice', content: 'any news?' });
		await harness.settle(other.id);
		const queuePosts = harness.sandbox.requests.filter(
			(r) => r.method === 'POST' && r.path === `/channels/${harness?.sandbox.channelId('moderators')}/messages`,
		);
		expect(queuePosts).toHaveLength(1);
		expect(leaks(harness)).toBe(false);
	});
});

describe('doorman simulate: a pasted key, then "Solved it"', () => {
	it('shows what a server where the bot has Manage Messages sees: the post reposted redacted, then the answer', async () => {
		const dir = tmp();
		const post =
			"Error code: 403 - {'error': {'message': 'OpenAI is requiring a key to access this model, which you can add in https://openrouter.ai/settings/integrations', 'code': 403}}\n" +
			`client = OpenAI(base_url="https://openrouter.ai/api/v1", api_key="${KEY}") model="openai/o3"`;
		writeFileSync(
			path.join(dir, 's.json'),
			JSON.stringify({
				members: [{ name: 'ana' }],
				steps: [
					{ post: { by: 'ana', title: '403 on o3', content: post } },
					{ click: { by: 'ana', button: 'Solved it' } },
				],
			}),
		);
		const io = captureIo(dir);
		expect(await simulate.run(['s.json', '--json'], io)).toBe(0);
		expect(io.out()).not.toContain(SECRET_PART);
		const transcript = JSON.parse(io.out()) as {
			threads: { tags: string[]; messages: { author: string; content: string }[] }[];
		};
		const [thread] = transcript.threads;
		const [first, answer] = thread?.messages ?? [];
		expect(first?.content).toMatch(/^🔒 <@\d+> \(ana\) wrote/);
		expect(first?.content).toContain('api_key="[REDACTED:openrouter]"');
		expect(first?.content).toMatch(/rotate/);
		expect(answer?.content).toMatch(/rotate/);
		// The original post is gone: no message by ana holds the key or its text.
		expect(thread?.messages.some((m) => m.author === 'ana' && m.content.includes('api_key'))).toBe(false);
		expect(thread?.tags).toContain('Solved');
	});
});
