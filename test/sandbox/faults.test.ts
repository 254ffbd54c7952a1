import { afterEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { api } from './rest-client.js';

describe('sandbox fault injection and rate limits', () => {
	let sandbox: Sandbox;
	afterEach(() => sandbox.close());

	it('answers a matched request once with a 429 carrying Retry-After and stable bucket headers', async () => {
		sandbox = await startSandbox();
		const threadId = sandbox.createForumPost({ by: 'alice', title: 'T', content: 'q' }).thread.id;
		const path = `/channels/${threadId}/messages`;
		const ok = await api(sandbox, 'POST', path, { content: 'first' });
		const bucket = ok.headers.get('x-ratelimit-bucket');
		expect(bucket).toMatch(/^[0-9a-f]{32}$/);
		const fault = sandbox.respondOnce(
			{ method: 'POST', path: '/channels/:id/messages' },
			{ status: 429, retryAfter: 0.25 },
		);
		const limited = await api(sandbox, 'POST', path, { content: 'second' });
		expect(limited.status).toBe(429);
		expect(limited.body).toEqual({ message: 'You are being rate limited.', retry_after: 0.25, global: false, code: 0 });
		expect(limited.headers.get('retry-after')).toBe('0.25');
		expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
		expect(limited.headers.get('x-ratelimit-reset-after')).toBe('0.250');
		expect(limited.headers.get('x-ratelimit-bucket')).toBe(bucket);
		expect(limited.headers.get('x-ratelimit-scope')).toBe('user');
		expect(fault).toMatchObject({ hits: 1, isSpent: true });
		expect((await api(sandbox, 'POST', path, { content: 'third' })).status).toBe(200);
		expect(sandbox.messages(threadId).map((m) => m.content)).toEqual(['q', 'first', 'third']);
	});

	it('serves arbitrary canned errors, a number of times', async () => {
		sandbox = await startSandbox();
		sandbox.respondOnce((r) => r.path === '/users/@me', {
			status: 403,
			code: 50013,
			message: 'Missing Permissions',
			times: 2,
		});
		expect((await api(sandbox, 'GET', '/users/@me')).body).toEqual({ message: 'Missing Permissions', code: 50013 });
		expect((await api(sandbox, 'GET', '/users/@me')).status).toBe(403);
		expect((await api(sandbox, 'GET', '/users/@me')).status).toBe(200);
	});

	it('models per-channel message limits with headers, per channel', async () => {
		sandbox = await startSandbox({
			rateLimits: { messagesPerChannel: { limit: 2, windowMs: 300 }, globalPerSecond: false },
		});
		const a = sandbox.createForumPost({ by: 'alice', title: 'A', content: 'a' }).thread.id;
		const b = sandbox.createForumPost({ by: 'alice', title: 'B', content: 'b' }).thread.id;
		const send = (channel: string) => api(sandbox, 'POST', `/channels/${channel}/messages`, { content: 'x' });
		const first = await send(a);
		expect(first.headers.get('x-ratelimit-limit')).toBe('2');
		expect(first.headers.get('x-ratelimit-remaining')).toBe('1');
		expect((await send(a)).headers.get('x-ratelimit-remaining')).toBe('0');
		const limited = await send(a);
		expect(limited.status).toBe(429);
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
		expect(limited.headers.get('x-ratelimit-bucket')).toBe(first.headers.get('x-ratelimit-bucket'));
		expect((await send(b)).status).toBe(200);
		await new Promise((r) => setTimeout(r, 320));
		expect((await send(a)).status).toBe(200);
	});

	it('models the global limit for bot-authenticated routes only', async () => {
		sandbox = await startSandbox({ rateLimits: { globalPerSecond: 2 } });
		await api(sandbox, 'GET', '/users/@me');
		await api(sandbox, 'GET', '/users/@me');
		const limited = await api(sandbox, 'GET', '/users/@me');
		expect(limited.status).toBe(429);
		expect(limited.headers.get('x-ratelimit-global')).toBe('true');
		expect(limited.body).toMatchObject({ global: true });
		const threadId = sandbox.createForumPost({ by: 'alice', title: 'T', content: 'q' }).thread.id;
		const command = sandbox.slashCommand({ by: 'alice', name: 'ping', channelId: threadId });
		const callback = await api(
			sandbox,
			'POST',
			`/interactions/${command.id}/${command.token}/callback`,
			{ type: 5 },
			{ auth: false },
		);
		expect(callback.status).toBe(204);
	});
});
