import { PermissionFlagsBits } from 'discord-api-types/v10';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { api, field } from './rest-client.js';

describe('sandbox REST: gateway discovery, auth and messages', () => {
	let sandbox: Sandbox;
	let threadId: string;
	beforeEach(async () => {
		sandbox = await startSandbox();
		threadId = sandbox.createForumPost({ by: 'alice', title: 'T', content: 'starter' }).thread.id;
	});
	afterEach(() => sandbox.close());

	it('serves /gateway/bot and rejects a wrong token with 401', async () => {
		const ok = await api(sandbox, 'GET', '/gateway/bot');
		expect(ok.body).toMatchObject({
			url: `${sandbox.baseUrl.replace('http', 'ws')}/gateway`,
			shards: 1,
			session_start_limit: { remaining: 1000, max_concurrency: 1 },
		});
		expect((await api(sandbox, 'GET', '/gateway/bot', undefined, { auth: 'wrong' })).status).toBe(401);
		expect((await api(sandbox, 'GET', '/users/@me', undefined, { auth: false })).status).toBe(401);
	});

	it('answers unknown routes with 404 code 0 and records them', async () => {
		const response = await api(sandbox, 'POST', '/channels/1/followers', {});
		expect(response).toMatchObject({ status: 404, body: { message: '404: Not Found', code: 0 } });
		expect(sandbox.requests.at(-1)).toMatchObject({
			method: 'POST',
			path: '/channels/1/followers',
			route: undefined,
			status: 404,
		});
	});

	it('creates a reply, stores it and records the parsed body', async () => {
		const response = await api(sandbox, 'POST', `/channels/${threadId}/messages`, {
			content: 'hello',
			message_reference: { message_id: threadId },
			components: [{ type: 1, components: [{ type: 2, style: 1, label: 'OK', custom_id: 'ok' }] }],
		});
		expect(response.status).toBe(200);
		expect(response.body).toMatchObject({
			channel_id: threadId,
			author: { id: sandbox.botUserId, bot: true },
			content: 'hello',
			type: 19,
			message_reference: { message_id: threadId, channel_id: threadId },
		});
		expect(sandbox.requests.at(-1)).toMatchObject({
			route: 'POST /channels/:channelId/messages',
			body: { content: 'hello' },
		});
		expect(sandbox.transcript(threadId).at(-1)).toMatchObject({ content: 'hello', buttons: ['OK'], replyTo: threadId });
		expect(sandbox.thread(threadId).message_count).toBe(1);
	});

	it('accepts multipart uploads and serves the files back', async () => {
		const form = new FormData();
		form.append('payload_json', JSON.stringify({ content: 'log', attachments: [{ id: 0, filename: 'trace.txt' }] }));
		form.append('files[0]', new Blob(['stack trace'], { type: 'text/plain' }), 'upload.bin');
		const response = await api(sandbox, 'POST', `/channels/${threadId}/messages`, undefined, { form });
		const [attachment] = field<{ url: string; filename: string; size: number }[]>(response.body, 'attachments');
		expect(attachment).toMatchObject({ filename: 'trace.txt', size: 11 });
		expect(sandbox.requests.at(-1)?.files).toEqual([
			{ field: 'files[0]', filename: 'upload.bin', contentType: 'text/plain', size: 11 },
		]);
		const download = await fetch(attachment?.url ?? '');
		expect(await download.text()).toBe('stack trace');
	});

	it('enforces Discord content rules', async () => {
		const empty = await api(sandbox, 'POST', `/channels/${threadId}/messages`, {});
		expect(empty).toMatchObject({ status: 400, body: { code: 50006 } });
		const long = await api(sandbox, 'POST', `/channels/${threadId}/messages`, { content: 'x'.repeat(2001) });
		expect(long).toMatchObject({ status: 400, body: { code: 50035, errors: { content: {} } } });
		const unknown = await api(sandbox, 'POST', '/channels/123/messages', { content: 'x' });
		expect(unknown).toMatchObject({ status: 404, body: { code: 10003 } });
	});

	it('dedups on enforce_nonce only', async () => {
		const send = (enforce: boolean) =>
			api(sandbox, 'POST', `/channels/${threadId}/messages`, { content: 'once', nonce: 'n-1', enforce_nonce: enforce });
		const first = await send(true);
		const repeat = await send(true);
		expect(field(repeat.body, 'id')).toBe(field(first.body, 'id'));
		const unenforced = await send(false);
		expect(field(unenforced.body, 'id')).not.toBe(field(first.body, 'id'));
		expect(sandbox.messages(threadId).filter((m) => m.content === 'once')).toHaveLength(2);
	});

	it('forgets a nonce once its memory lapses on the sandbox clock, and never returns it in history', async () => {
		const send = () =>
			api(sandbox, 'POST', `/channels/${threadId}/messages`, { content: 'once', nonce: 'n-2', enforce_nonce: true });
		const first = await send();
		expect(field(first.body, 'nonce')).toBe('n-2');
		sandbox.advanceClock(4 * 60_000);
		expect(field((await send()).body, 'id')).toBe(field(first.body, 'id'));
		sandbox.advanceClock(2 * 60_000);
		expect(field((await send()).body, 'id')).not.toBe(field(first.body, 'id'));
		const history = (await api(sandbox, 'GET', `/channels/${threadId}/messages`)).body as Record<string, unknown>[];
		expect(history.filter((m) => m.content === 'once')).toHaveLength(2);
		expect(history.some((m) => 'nonce' in m)).toBe(false);
		const one = await api(sandbox, 'GET', `/channels/${threadId}/messages/${field(first.body, 'id')}`);
		expect(one.body).not.toHaveProperty('nonce');
	});

	it('holds a request before the route acts on it, or after (stored, answer withheld), until released', async () => {
		const before = sandbox.holdRequest({ method: 'POST', path: '/channels/:id/messages' }, 'before-route');
		const unsent = api(sandbox, 'POST', `/channels/${threadId}/messages`, { content: 'held before' });
		await before.reached;
		expect(sandbox.messages(threadId).some((m) => m.content === 'held before')).toBe(false);
		before.release();
		expect((await unsent).status).toBe(200);
		const after = sandbox.holdRequest({ method: 'POST', path: '/channels/:id/messages' }, 'after-route');
		let answered = false;
		const stored = api(sandbox, 'POST', `/channels/${threadId}/messages`, { content: 'held after' }).then((r) => {
			answered = true;
			return r;
		});
		await after.reached;
		expect(sandbox.messages(threadId).filter((m) => m.content === 'held after')).toHaveLength(1);
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(answered).toBe(false);
		after.release();
		expect((await stored).status).toBe(200);
	});

	it('pages history newest first with before, after and limit', async () => {
		const ids: string[] = [threadId];
		for (const content of ['a', 'b', 'c']) {
			ids.push(field(await sandbox.postMessage({ channelId: threadId, by: 'alice', content }), 'id'));
		}
		const contents = async (query: string) =>
			((await api(sandbox, 'GET', `/channels/${threadId}/messages${query}`)).body as { content: string }[]).map(
				(m) => m.content,
			);
		expect(await contents('')).toEqual(['c', 'b', 'a', 'starter']);
		expect(await contents('?limit=2')).toEqual(['c', 'b']);
		expect(await contents(`?after=${ids[1]}`)).toEqual(['c', 'b']);
		expect(await contents(`?before=${ids[2]}&limit=1`)).toEqual(['a']);
	});

	it('edits and deletes the bot’s messages but not others’', async () => {
		const created = await api(sandbox, 'POST', `/channels/${threadId}/messages`, { content: 'v1' });
		const id = field<string>(created.body, 'id');
		const edited = await api(sandbox, 'PATCH', `/channels/${threadId}/messages/${id}`, {
			content: 'v2',
			components: [],
		});
		expect(edited.body).toMatchObject({ content: 'v2' });
		expect(field(edited.body, 'edited_timestamp')).not.toBeNull();
		expect((await api(sandbox, 'GET', `/channels/${threadId}/messages/${id}`)).body).toMatchObject({ content: 'v2' });
		const foreign = await api(sandbox, 'PATCH', `/channels/${threadId}/messages/${threadId}`, { content: 'hack' });
		expect(foreign).toMatchObject({ status: 403, body: { code: 50005 } });
		expect((await api(sandbox, 'DELETE', `/channels/${threadId}/messages/${id}`)).status).toBe(204);
		expect((await api(sandbox, 'GET', `/channels/${threadId}/messages/${id}`)).body).toMatchObject({ code: 10008 });
	});

	it('deletes a member’s message (the starter too, leaving the thread) only with Manage Messages', async () => {
		expect((await api(sandbox, 'DELETE', `/channels/${threadId}/messages/${threadId}`)).status).toBe(204);
		expect((await api(sandbox, 'GET', `/channels/${threadId}`)).status).toBe(200);
		expect(sandbox.messages(threadId).some((m) => m.id === threadId)).toBe(false);
		const limited = await startSandbox({
			botPermissions: PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages,
		});
		try {
			const post = limited.createForumPost({ by: 'alice', title: 'T', content: 'starter' });
			const refused = await api(limited, 'DELETE', `/channels/${post.thread.id}/messages/${post.message.id}`);
			expect(refused).toMatchObject({ status: 403, body: { code: 50013 } });
			expect(limited.messages(post.thread.id).some((m) => m.id === post.message.id)).toBe(true);
		} finally {
			await limited.close();
		}
	});

	it('edits threads: tags by forum, archive rules', async () => {
		const solved = sandbox.tagId('Solved');
		const tagged = await api(sandbox, 'PATCH', `/channels/${threadId}`, { applied_tags: [solved] });
		expect(tagged.body).toMatchObject({ id: threadId, applied_tags: [solved] });
		expect(sandbox.threadTags(threadId)).toEqual(['Solved']);
		const badTag = await api(sandbox, 'PATCH', `/channels/${threadId}`, { applied_tags: ['42'] });
		expect(badTag).toMatchObject({ status: 400, body: { code: 50035 } });
		await api(sandbox, 'PATCH', `/channels/${threadId}`, { archived: true, locked: true });
		expect(sandbox.thread(threadId).thread_metadata).toMatchObject({ archived: true, locked: true });
		const renamed = await api(sandbox, 'PATCH', `/channels/${threadId}`, { name: 'new' });
		expect(renamed).toMatchObject({ status: 400, body: { code: 50083 } });
		expect(() => sandbox.postMessage({ channelId: threadId, by: 'alice', content: 'reopen?' })).toThrow(/locked/);
		const reopened = await api(sandbox, 'PATCH', `/channels/${threadId}`, { archived: false, name: 'new' });
		expect(reopened.body).toMatchObject({ name: 'new', thread_metadata: { archived: false } });
	});

	it('serves members, users and guild reads', async () => {
		const alice = sandbox.userId('alice');
		const member = await api(sandbox, 'GET', `/guilds/${sandbox.guildId}/members/${alice}`);
		expect(member.body).toMatchObject({ user: { id: alice, username: 'alice' }, roles: [] });
		const mod = await api(sandbox, 'GET', `/guilds/${sandbox.guildId}/members/${sandbox.userId('mod')}`);
		expect(mod.body).toMatchObject({ roles: [sandbox.roleId('moderator')] });
		expect((await api(sandbox, 'GET', `/guilds/${sandbox.guildId}/members/1`)).body).toMatchObject({ code: 10007 });
		expect((await api(sandbox, 'GET', '/users/@me')).body).toMatchObject({
			id: sandbox.botUserId,
			username: 'Doorman',
		});
	});
});
