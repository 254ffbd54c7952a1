import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type BotHarness, startBotHarness } from '../support/bot-harness.js';
import { botSaid } from '../support/transcript.js';

/**
 * Screenshots posted as images, read by Tesseract (installed by .ci/run) through the real discord.js client, the
 * sandbox's attachment server and the shipped knowledge base. A handful of small images keeps the CPU cost modest.
 */
const SHOTS = path.join(import.meta.dirname, '..', 'fixtures', 'screenshots');
const shot = (file: string) => readFileSync(path.join(SHOTS, file));
/** OCR on a loaded 2-core machine can take seconds per image: generous bounds, so only a real stall fails. */
const OCR_ENV = { OCR_TIMEOUT_MS: '60000' };
const SLOW = 120_000;

let harness: BotHarness | undefined;
afterEach(async () => {
	await harness?.stop();
	harness = undefined;
});

describe('a screenshot of the error (OCR through Discord)', () => {
	it(
		'diagnoses an error shown only in a dark terminal screenshot, quoting the line it read',
		async () => {
			harness = await startBotHarness({ advisor: 'kb', env: OCR_ENV });
			const { thread, message } = harness.sandbox.createForumPost({
				by: 'alice',
				title: 'gpt-4o stopped working',
				content: 'It fails, see the screenshot',
				attachments: [{ filename: 'error.png', content: shot('terminal-dark-openai-region.png') }],
			});
			await harness.settle(message.id, SLOW);
			const [reply = ''] = botSaid(harness, thread.id);
			expect(reply).toMatch(
				/^From your screenshot I read: `[^`]*(unsupported_country_region_territory|Country, region, or territory not supported)[^`]*`/,
			);
			// The image was fetched from the sandbox's attachment server, as from Discord's CDN.
			expect(harness.sandbox.requests.some((r) => r.method === 'GET' && r.path.endsWith('/error.png'))).toBe(true);
			expect(reply).toMatch(/paste the error as text/);
			expect(reply).toMatch(/supported-countries|supported countr/i);
			expect(reply).not.toMatch(/I did not read/);
			expect(reply.length).toBeLessThanOrEqual(2000);
			expect(harness.sandbox.threadTags(thread.id)).toEqual(['Answered']);
		},
		SLOW,
	);

	it(
		'reads a Chinese chat-app banner saved as a low-quality JPEG',
		async () => {
			harness = await startBotHarness({ advisor: 'kb', env: OCR_ENV });
			const { thread, message } = harness.sandbox.createForumPost({
				by: 'bob',
				title: '中转站 403',
				content: '截图如下',
				attachments: [{ filename: '截图.jpg', content: shot('chat-banner-relay-quota.jpg') }],
			});
			await harness.settle(message.id, SLOW);
			const [reply = ''] = botSaid(harness, thread.id);
			// A Chinese post is answered in Chinese, quoting what was read as it was printed.
			expect(reply).toMatch(/^我从你的截图中读到：`[^`]*该令牌额度已用尽/);
			expect(harness.sandbox.threadTags(thread.id)).toEqual(['Answered']);
		},
		SLOW,
	);

	it(
		'says nothing about the screenshot when the pasted text already gives the answer',
		async () => {
			harness = await startBotHarness({ advisor: 'kb', env: OCR_ENV });
			const { thread, message } = harness.sandbox.createForumPost({
				by: 'alice',
				title: 'openrouter 403',
				content: '{"error":{"message":"This model is not available in your region.","code":403}}',
				attachments: [{ filename: 'network.png', content: shot('network-tab-openrouter.png') }],
			});
			await harness.settle(message.id, SLOW);
			const [reply = ''] = botSaid(harness, thread.id);
			expect(reply).not.toMatch(/From your screenshot/);
			expect(harness.sandbox.threadTags(thread.id)).toEqual(['Answered']);
		},
		SLOW,
	);
});

describe('a key in a screenshot', () => {
	const KEY_TAIL = 'Zq8vN3xL5tR7wY2kP9mB4cD6fH1j';

	it(
		'removes the image’s message, tells the poster to rotate the key, and never stores or echoes the key',
		async () => {
			harness = await startBotHarness({ advisor: 'kb', env: OCR_ENV });
			const { thread, message } = harness.sandbox.createForumPost({
				by: 'alice',
				title: 'key does not work',
				content: 'what is wrong?',
				attachments: [{ filename: 'terminal.png', content: shot('terminal-dark-key.png') }],
			});
			await harness.settle(message.id, SLOW);
			await harness.sandbox.waitForRequest((r) => r.method === 'DELETE' && r.path.endsWith(`/messages/${message.id}`));
			const [repost = '', answer = ''] = botSaid(harness, thread.id);
			expect(repost).toMatch(/wrote \(I removed the original because it contained an API key\)/);
			expect(repost).toMatch(/rotate/);
			expect(repost).toMatch(/I did not repost `terminal\.png`: an image cannot be redacted/);
			// The image itself is not uploaded again.
			const reposted = harness.sandbox.messages(thread.id).find((m) => m.content === repost);
			expect(reposted?.attachments ?? []).toEqual([]);
			expect(answer).toMatch(/Incorrect API key|invalid/i);
			const files = readdirSync(harness.dataDir).map((f) => readFileSync(path.join(harness?.dataDir ?? '', f)));
			const sent = harness.sandbox.requests
				.filter((r) => r.method !== 'GET')
				.map((r) => JSON.stringify(r.body ?? null));
			const everything = [...files.map((b) => b.toString('latin1')), ...harness.logs, ...sent];
			expect(everything.some((t) => t.includes(KEY_TAIL.slice(0, 12)))).toBe(false);
		},
		SLOW,
	);
});

describe('without an OCR engine', () => {
	it('says it cannot read images here and asks for the text; /doorman status and /healthz say OCR is off', async () => {
		harness = await startBotHarness({
			advisor: 'kb',
			env: { OCR_ENGINE_PATH: '/nonexistent/bin/tesseract', HTTP_PORT: '0' },
		});
		const { thread, message } = harness.sandbox.createForumPost({
			by: 'alice',
			title: 'gpt-4o stopped working',
			content: 'It fails, see the screenshot',
			attachments: [{ filename: 'error.png', content: shot('terminal-dark-openai-region.png') }],
		});
		await harness.settle(message.id);
		const [reply = ''] = botSaid(harness, thread.id);
		expect(reply).toMatch(/I did not read `error\.png` \(I cannot read images here\)\. Paste the error part as text/);
		expect(reply.match(/cannot read images/g)).toHaveLength(1);
		expect(harness.sandbox.threadTags(thread.id)).toEqual(['Needs info']);
		// Said once per thread: the next reply, to a post with the error as text and another screenshot, does not repeat it.
		const more = harness.sandbox.postMessage({
			channelId: thread.id,
			by: 'alice',
			content:
				"PermissionDeniedError: Error code: 403 - {'error': {'code': 'unsupported_country_region_territory', 'message': 'Country, region, or territory not supported'}} model gpt-4o",
			attachments: [{ filename: 'again.png', content: shot('terminal-dark-openai-region.png') }],
		});
		await harness.settle(more.id);
		const next = botSaid(harness, thread.id).at(-1) ?? '';
		expect(next).not.toBe(reply);
		expect(next).not.toMatch(/cannot read images/);
		const status = harness.sandbox.slashCommand({
			by: 'alice',
			name: 'doorman',
			subcommand: 'status',
			channelId: thread.id,
		});
		const content = ((await status.waitForCallback()).body as { data: { content: string } }).data.content;
		expect(content).toMatch(/Screenshots \(OCR\):\*\* not read here: not installed \(\/nonexistent\/bin\/tesseract\)/);
		const health = await fetch(`${harness.app.opsUrl}/healthz`);
		expect(health.status).toBe(200);
		expect(await health.json()).toMatchObject({ ok: true, checks: { ocr: false } });
	});

	it('with the engine, /doorman status and /healthz say screenshots are read', async () => {
		harness = await startBotHarness({ env: { HTTP_PORT: '0' } });
		const { thread, message } = harness.sandbox.createForumPost({ by: 'alice', title: 'q', content: 'x' });
		await harness.settle(message.id);
		const status = harness.sandbox.slashCommand({
			by: 'alice',
			name: 'doorman',
			subcommand: 'status',
			channelId: thread.id,
		});
		const content = ((await status.waitForCallback()).body as { data: { content: string } }).data.content;
		expect(content).toMatch(/Screenshots \(OCR\):\*\* read \(tesseract 5\.[\d.]+ \(eng\+chi_sim\)\)/);
		expect(await (await fetch(`${harness.app.opsUrl}/healthz`)).json()).toMatchObject({ checks: { ocr: true } });
	});
});

describe('hostile images', () => {
	it('refuses a 20 MB image on its stated size, before downloading it, with a clear note', async () => {
		harness = await startBotHarness({ advisor: 'kb', env: OCR_ENV });
		const big = Buffer.alloc(20 * 1024 * 1024, 0);
		shot('network-tab-openrouter.png').copy(big);
		const { thread, message } = harness.sandbox.createForumPost({
			by: 'alice',
			title: '403',
			content: 'HTTP 403',
			attachments: [{ filename: 'huge.png', content: big }],
		});
		await harness.settle(message.id);
		const [reply = ''] = botSaid(harness, thread.id);
		expect(reply).toMatch(/I did not read `huge\.png` \(it is larger than I read\)/);
		expect(harness.sandbox.requests.some((r) => r.method === 'GET' && r.path.includes('/attachments/'))).toBe(false);
	});

	it('refuses bytes that are not an image with a clear note', async () => {
		harness = await startBotHarness({ advisor: 'kb', env: OCR_ENV });
		const { thread, message } = harness.sandbox.createForumPost({
			by: 'alice',
			title: '403',
			content: 'HTTP 403',
			attachments: [{ filename: 'broken.png', content: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]) }],
		});
		await harness.settle(message.id);
		const [reply = ''] = botSaid(harness, thread.id);
		expect(reply).toMatch(/I did not read `broken\.png` \(it is not an image I can open\)/);
	});
});
