import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { api } from './rest-client.js';

describe('sandbox driver API and transcript', () => {
	let sandbox: Sandbox;
	beforeEach(async () => {
		sandbox = await startSandbox({ members: [{ name: 'dana' }, { name: 'ivan', roles: ['helper', 'moderator'] }] });
	});
	afterEach(() => sandbox.close());

	it('creates forum posts whose starter message shares the thread id', () => {
		const { thread, message } = sandbox.createForumPost({
			by: 'dana',
			title: '403 on gpt-x',
			content: 'It fails',
			tags: ['Needs info'],
			attachments: [{ filename: 'shot.png', content: new Uint8Array([1, 2, 3]) }],
		});
		expect(message.id).toBe(thread.id);
		expect(message.channel_id).toBe(thread.id);
		expect(message.attachments[0]).toMatchObject({ filename: 'shot.png', size: 3, content_type: 'image/png' });
		expect(message.attachments[0]?.url.startsWith(`${sandbox.baseUrl}/attachments/`)).toBe(true);
		expect(sandbox.threadTags(thread.id)).toEqual(['Needs info']);
		expect(sandbox.transcript(thread.id)).toEqual([
			expect.objectContaining({ author: 'dana', isBot: false, content: 'It fails', attachments: ['shot.png'] }),
		]);
	});

	it('lets the author edit a message in place (edited_timestamp set), and refuses anyone else', () => {
		const { thread, message } = sandbox.createForumPost({ by: 'dana', title: 'T', content: 'first' });
		const edited = sandbox.editMessage({ channelId: thread.id, messageId: message.id, by: 'dana', content: 'second' });
		expect(edited.content).toBe('second');
		expect(edited.edited_timestamp).not.toBeNull();
		expect(sandbox.transcript(thread.id)).toEqual([expect.objectContaining({ content: 'second' })]);
		expect(() =>
			sandbox.editMessage({ channelId: thread.id, messageId: message.id, by: 'ivan', content: 'x' }),
		).toThrow(/only the author/);
	});

	it('uses configured members and roles', () => {
		expect(() => sandbox.userId('alice')).toThrow(/known: .*dana/);
		const thread = sandbox.createForumPost({ by: 'dana', title: 'T', content: 'q' }).thread;
		const command = sandbox.slashCommand({ by: 'ivan', name: 'x', channelId: thread.id });
		const member = command.payload.member;
		expect(member?.roles).toEqual([sandbox.roleId('helper'), sandbox.roleId('moderator')]);
		expect(() => sandbox.createForumPost({ by: 'dana', title: 'T', content: 'q', tags: ['Nope'] })).toThrow(/no tag/);
	});

	it('replies, reopens archived threads and reads as a transcript with embeds', async () => {
		const { thread } = sandbox.createForumPost({ by: 'dana', title: 'T', content: 'q' });
		await api(sandbox, 'POST', `/channels/${thread.id}/messages`, {
			embeds: [{ title: 'Answer', description: 'Use key B', fields: [{ name: 'Source', value: 'kb/keys.md' }] }],
		});
		await api(sandbox, 'PATCH', `/channels/${thread.id}`, { archived: true });
		const followUp = sandbox.postMessage({ channelId: thread.id, by: 'dana', content: 'thanks', replyTo: thread.id });
		expect(sandbox.thread(thread.id).thread_metadata?.archived).toBe(false);
		expect(followUp.message_reference?.message_id).toBe(thread.id);
		const [, answer, thanks] = sandbox.transcript(thread.id);
		expect(answer).toMatchObject({
			isBot: true,
			content: '',
			embeds: [{ title: 'Answer', description: 'Use key B', fields: [{ name: 'Source', value: 'kb/keys.md' }] }],
		});
		expect(thanks).toMatchObject({ author: 'dana', replyTo: thread.id });
	});

	it('lets requests and gateway frames be awaited from a cursor', async () => {
		const since = sandbox.requests.length;
		const waiting = sandbox.waitForRequest((r) => r.path === '/users/@me', { since, timeoutMs: 1000 });
		await api(sandbox, 'GET', '/users/@me');
		expect((await waiting).index).toBeGreaterThanOrEqual(since);
		await expect(sandbox.waitForRequest((r) => r.path === '/nothing', { timeoutMs: 50 })).rejects.toThrow(
			/no matching request within 50 ms/,
		);
	});
});
