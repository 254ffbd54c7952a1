import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Locale } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import { type BotHarness, startBotHarness } from '../support/bot-harness.js';
import { waitFor } from '../support/eventually.js';
import {
	askThenAnswer,
	GEMINI_LOCATION_ERROR as ERROR_BODY,
	expectTwinsAgree,
	handOffFromAnswer,
	GOOGLE_TEST_KEY as KEY,
} from '../support/language-twins.js';
import { botMessages, lastButton } from '../support/transcript.js';

const root = path.resolve(import.meta.dirname, '..', '..');
let harness: BotHarness | undefined;
let kbDir: string | undefined;
afterEach(async () => {
	await harness?.stop();
	harness = undefined;
	if (kbDir !== undefined) rmSync(kbDir, { recursive: true, force: true });
	kbDir = undefined;
});

/** The shipped knowledge base with one entry translated (kb/i18n/zh/gemini-user-location.yaml). */
function kbWithTranslation(): string {
	const dir = mkdtempSync(path.join(tmpdir(), 'doorman-kb-zh-'));
	cpSync(path.join(root, 'kb'), dir, { recursive: true });
	mkdirSync(path.join(dir, 'i18n', 'zh'), { recursive: true });
	writeFileSync(
		path.join(dir, 'i18n', 'zh', 'gemini-user-location.yaml'),
		readFileSync(path.join(root, 'test', 'fixtures', 'i18n', 'zh', 'gemini-user-location.yaml')),
	);
	return dir;
}

const HAN = /\p{Script=Han}/u;
describe('answers in the poster’s language (real discord.js client ↔ sandbox, KB advisor)', () => {
	it('a Chinese thread gets the ask, the answer, the key warning and the Solved reply in Chinese; its English twin the same cause and sources', async () => {
		kbDir = kbWithTranslation();
		harness = await startBotHarness({ advisor: 'kb', env: { KB_DIR: kbDir } });
		const { sandbox } = harness;
		const zh = await askThenAnswer(harness, {
			title: 'Gemini 接口一直报错',
			first: `调用 Gemini 的时候一直失败，不知道是什么原因，麻烦帮忙看看。我用的 key 是 ${KEY}`,
			second: `这是完整的报错：\n${ERROR_BODY}`,
		});
		const en = await askThenAnswer(harness, {
			title: 'Gemini API keeps failing',
			first: `My calls to Gemini keep failing and I do not know why, could someone take a look? The key I use is ${KEY}`,
			second: `Here is the full error:\n${ERROR_BODY}`,
		});

		// The ask, with the key warning, in Chinese; the English twin's in English.
		expect(zh.ask).toContain('1. **完整的错误响应体**');
		expect(zh.ask).toContain('粘贴前请先删除 API 密钥和令牌');
		expect(zh.ask).toContain('⚠️ 你的帖子里似乎包含 Google API 密钥');
		expect(zh.ask).not.toMatch(/Thanks|not sure|Please remove|Automated answer/);
		expect(en.ask).toMatch(/^⚠️ Your post contained what looks like a Google API key/);
		expect(en.ask).not.toMatch(HAN);
		// The key's message was removed and reposted redacted, with the rotate warning in the thread's language.
		const repost = (threadId: string) =>
			botMessages(sandbox, threadId).find((m) => m.content.startsWith('🔒'))?.content;
		expect(repost(zh.threadId)).toMatch(/^🔒 <@\d+> \([^)]*\) 写道（原消息包含 API 密钥，我已将其删除）：/);
		expect(repost(zh.threadId)).toContain('请吊销或轮换该`google` 密钥');
		expect(repost(en.threadId)).toMatch(/^🔒 <@\d+> \([^)]*\) wrote \(I removed the original/);

		// The answer: the entry's translation, the same cause and the same pages as the English answer.
		expect(zh.answer).toContain('**Gemini API 拒绝了你所在的地区');
		expect(zh.answer).toContain('**解决方法**\n1. 在 Google AI Studio 中为项目开通结算');
		expect(zh.answer).toContain('注意：这次返回的是 HTTP 400 (Bad Request) 而不是 403，但原因相同。');
		expect(zh.answer).toContain('-# 由 Doorman 自动回复');
		// What each page states, as the English answer gives it: translated where the translation has it (the fixture
		// translates the first page only), else in English and said to be so, never dropped.
		expect(zh.answer).toContain(
			'**参考来源**\n1. [Troubleshooting guide | Gemini API](<https://ai.google.dev/gemini-api/docs/troubleshooting>)，Gemini API backend service error codes：列出 400 FAILED_PRECONDITION：',
		);
		expect(zh.answer).toContain(
			'，Available regions：（此页说明暂无中文译文，以下为英文原文）Lists the countries and territories where the Gemini API',
		);
		expect(en.answer).toContain(
			'), Gemini API backend service error codes: Lists 400 FAILED_PRECONDITION for the free tier',
		);
		expect(zh.answer).not.toMatch(/\*\*(Fix|Sources|If it persists)\*\*|Automated answer/);
		expect(en.answer).toContain('**The Gemini API refuses your location');
		expectTwinsAgree(harness, zh, en);

		// The buttons under the answer are labelled in Chinese; "Solved it" pressed from a Chinese client.
		expect(botMessages(sandbox, zh.threadId).find((m) => m.content === zh.answer)?.buttons).toEqual([
			'已解决',
			'没有帮助',
		]);
		await sandbox
			.clickButton({ by: 'alice', locale: Locale.ChineseCN, ...lastButton(sandbox, zh.threadId, '已解决') })
			.waitForCallback();
		await waitFor(() => botMessages(sandbox, zh.threadId).some((m) => m.content.includes('标记为已解决')), 'ack');
		expect(botMessages(sandbox, zh.threadId).at(-1)?.content).toBe('很高兴问题解决了，我已将这个帖子标记为已解决。');
	});

	it('hands a Chinese thread off in Chinese, while the moderators’ queue and the vendor email stay English', async () => {
		kbDir = kbWithTranslation();
		harness = await startBotHarness({ advisor: 'kb', env: { KB_DIR: kbDir } });
		const zh = await askThenAnswer(harness, {
			title: 'Gemini 接口一直报错',
			first: '调用 Gemini 的时候一直失败，不知道是什么原因，麻烦帮忙看看。',
			second: `这是完整的报错：\n${ERROR_BODY}`,
		});
		expect(zh.answer).toContain('**解决方法**');
		const { draft, email, queue } = await handOffFromAnswer(harness, zh.threadId, {
			label: '没有帮助',
			locale: Locale.ChineseCN,
		});
		// The lines around the email are the poster's; the email itself is for the vendor, in English.
		expect(draft).toMatch(/^我已把这个问题转给团队。/);
		// The poster's own words are quoted verbatim; the rest of the email is English.
		expect(email).toContain('    调用 Gemini 的时候一直失败，不知道是什么原因，麻烦帮忙看看。');
		const withoutQuotes = email.replace(/^.*\p{Script=Han}.*$/gmu, '');
		expect(withoutQuotes).not.toMatch(HAN);
		const queueText = [queue?.content ?? '', ...(queue?.embeds ?? []).map((e) => JSON.stringify(e))].join('\n');
		expect(queueText).toMatch(/Open|Escalation/);
		expect(queueText).toContain('**In their words:** 调用 Gemini 的时候一直失败，不知道是什么原因，麻烦帮忙看看。');
		expect(queueText.replace(/Gemini 接口一直报错|调用 Gemini 的时候[^"\\]*|这是完整的报错[^"\\]*/gu, '')).not.toMatch(
			HAN,
		);
	});
});
