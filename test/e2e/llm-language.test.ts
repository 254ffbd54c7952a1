import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type BotHarness, startBotHarness } from '../support/bot-harness.js';
import { type FakeOpenAi, startFakeOpenAi } from '../support/fake-openai.js';

const root = path.resolve(import.meta.dirname, '..', '..');
let harness: BotHarness | undefined;
let llm: FakeOpenAi | undefined;
let kbDir: string | undefined;
afterEach(async () => {
	await harness?.stop();
	await llm?.close();
	if (kbDir !== undefined) rmSync(kbDir, { recursive: true, force: true });
	harness = undefined;
	llm = undefined;
	kbDir = undefined;
});

const ERROR_BODY =
	'{"error":{"code":400,"message":"User location is not supported for the API use.","status":"FAILED_PRECONDITION"}}';

const botSaid = (h: BotHarness, threadId: string) =>
	h.sandbox
		.transcript(threadId)
		.filter((e) => e.isBot && e.visibleTo === undefined)
		.map((e) => e.content);
const links = (text: string) => [...text.matchAll(/\]\(<(https:[^>]+)>\)/g)].map((m) => m[1]);

describe('the LLM phrases in the poster’s language (fake OpenAI-compatible server)', () => {
	it('a Chinese thread’s answer is phrased from the entry’s translation, in Chinese, with the English twin’s sources', async () => {
		kbDir = mkdtempSync(path.join(tmpdir(), 'doorman-kb-zh-'));
		cpSync(path.join(root, 'kb'), kbDir, { recursive: true });
		mkdirSync(path.join(kbDir, 'i18n', 'zh'), { recursive: true });
		cpSync(
			path.join(root, 'test', 'fixtures', 'i18n', 'zh', 'gemini-user-location.yaml'),
			path.join(kbDir, 'i18n', 'zh', 'gemini-user-location.yaml'),
		);
		llm = await startFakeOpenAi();
		harness = await startBotHarness({
			advisor: 'kb',
			env: {
				KB_DIR: kbDir,
				LLM_BASE_URL: llm.baseUrl,
				LLM_MODEL: 'test-model',
				LLM_API_KEY: 'test-llm-key',
				LLM_PHRASE: 'true',
			},
		});
		const { sandbox } = harness;
		const zh = sandbox.createForumPost({
			by: 'alice',
			title: 'Gemini 接口报错',
			content: `调用 Gemini 接口的时候返回了下面这个错误，换了好几个 key 都一样，怎么办？\n${ERROR_BODY}`,
		});
		await harness.settle(zh.message.id);
		const en = sandbox.createForumPost({
			by: 'bob',
			title: 'Gemini error',
			content: `Calling the Gemini API returns the error below, whichever key I use. What can I do?\n${ERROR_BODY}`,
		});
		await harness.settle(en.message.id);

		const [zhRequest, enRequest] = llm.chatRequests();
		const system = (r: typeof zhRequest) => r?.messages.find((m) => m.role === 'system')?.content ?? '';
		const user = (r: typeof zhRequest) => r?.messages.find((m) => m.role === 'user')?.content ?? '';
		expect(system(zhRequest)).toContain('in Simplified Chinese');
		expect(user(zhRequest)).toContain('Gemini API 拒绝了你所在的地区');
		expect(system(enRequest)).not.toContain('Simplified Chinese');

		const zhAnswer = botSaid(harness, zh.thread.id)[0] ?? '';
		const enAnswer = botSaid(harness, en.thread.id)[0] ?? '';
		// The fake model phrases from the first entry it was given: the translation for the Chinese thread.
		expect(zhAnswer).toMatch(/^\*\*In short: Gemini API 拒绝了你所在的地区/);
		expect(zhAnswer).toContain('**解决方法**\n1. 在 Google AI Studio 中为项目开通结算');
		expect(zhAnswer).toContain('**参考来源**');
		expect(zhAnswer).toMatch(/-# 由 Doorman 自动回复 · 回复 `!mute` 可让我在本帖停止发言$/);
		expect(enAnswer).toMatch(/^\*\*In short: The Gemini API refuses your location/);
		expect(enAnswer).toContain('**Fix**');
		expect(links(zhAnswer)).toEqual(links(enAnswer));
		expect(links(zhAnswer).length).toBeGreaterThan(0);
	});
});
