import { describe, expect, it } from 'vitest';
import { abstainMessage, askForInfo } from '../../../src/answer/ask-for-info.js';
import { composeAnswer, localisedEntry } from '../../../src/answer/compose-answer.js';
import type { KbEntry } from '../../../src/kb/entry-schema.js';
import { aRankedMatch } from '../kb/a-ranked-match.js';
import { anError, aTriage } from '../kb/a-triage.js';
import { anEntry } from '../kb/an-entry.js';

const match = aRankedMatch();

const HAN = /\p{Script=Han}/u;

/** The entry with a Simplified Chinese translation, as kb/i18n/zh/<id>.yaml gives it. */
const translated = (overrides: Partial<KbEntry> = {}): KbEntry =>
	anEntry({
		...overrides,
		translations: {
			zh: {
				title: 'OpenAI 拒绝来自不受支持国家或地区的请求',
				diagnosis: 'OpenAI 因请求的来源地区而拒绝了它。',
				fix: ['从受支持的国家调用 API。', '关闭出口位于不受支持地区的 VPN。'],
				routes: { relay: { fix: ['请联系中转服务的运营方。'] } },
				escalate: { when: '你确定所在地区受支持', why: '他们可以检查账户的地区判定' },
			},
		},
	});

describe('answers in the poster’s language', () => {
	it('uses the entry’s translation, with the same cause and citations as the English twin', () => {
		const triage = aTriage({ error: anError({ status: 401 }), secrets: ['openai'] });
		const english = composeAnswer(translated(), match, triage);
		const chinese = composeAnswer(translated(), match, triage, { lang: 'zh' });
		expect(chinese.lang).toBe('zh');
		expect(english.lang).toBe('en');
		expect(chinese.cause).toBe(english.cause);
		expect(chinese.entryId).toBe(english.entryId);
		expect(chinese.citations).toEqual(english.citations);
		expect(chinese.content.split('\n')[0]).toBe('**OpenAI 因请求的来源地区而拒绝了它。**');
		expect(chinese.content).toContain('**解决方法**\n1. 从受支持的国家调用 API。\n2. 关闭出口位于不受支持地区的 VPN。');
		expect(chinese.content).toContain(
			'**参考来源**\n1. [OpenAI API error codes](<https://developers.openai.com/docs/guides/error-codes>)',
		);
		// The key warning and the status note, in Chinese.
		expect(chinese.content).toContain('⚠️ 你的帖子里似乎包含 OpenAI API 密钥');
		expect(chinese.content).toContain('注意：你遇到的是 HTTP 401 (Unauthorized)');
		expect(chinese.content).toContain('-# 由 Doorman 自动回复');
		// No English sentence of the template is left in it.
		expect(chinese.content).not.toMatch(/\*\*(Fix|Sources|If it persists)\*\*|Note:|Automated answer/);
	});

	it('says what each page states in the poster’s language, as the English answer does; an untranslated one in English, saying so', () => {
		const page = (url: string, states: string) => ({ url, title: `Page ${url.slice(-1)}`, section: 'Errors', states });
		const a = page('https://docs.example.com/a', 'Lists a 403 for unsupported regions.');
		const b = page('https://docs.example.com/b', 'Lists the supported countries.');
		const relayPage = page('https://relay.example.com/c', 'Says the relay picks the upstream.');
		const base = translated({
			citations: [a, b],
			routes: { relay: { fix: ['Ask the relay operator.'], citations: [relayPage, a] } },
		});
		const zh = base.translations?.zh;
		if (zh === undefined) throw new Error('no translation');
		// Entry's own pages first, then the route's new one; a page cited twice is translated once.
		const entry: KbEntry = {
			...base,
			translations: {
				zh: {
					...zh,
					citations: [
						{ url: a.url, states: '列出来自不受支持地区的 403。' },
						{ url: b.url, states: '列出受支持的国家。' },
						{ url: relayPage.url, states: '说明由中转服务选择上游。' },
					],
				},
			},
		};
		const english = composeAnswer(entry, match, aTriage({ route: 'unknown' }));
		expect(english.content).toContain(
			'1. [Page a](<https://docs.example.com/a>), Errors: Lists a 403 for unsupported regions.',
		);
		const chinese = composeAnswer(entry, match, aTriage({ route: 'unknown' }), { lang: 'zh' });
		expect(chinese.content).toContain(
			'**参考来源**\n1. [Page a](<https://docs.example.com/a>)，Errors：列出来自不受支持地区的 403。\n2. [Page b](<https://docs.example.com/b>)，Errors：列出受支持的国家。',
		);
		const relay = composeAnswer(entry, match, aTriage({ route: 'relay' }), { lang: 'zh' });
		expect(relay.content).toContain('1. [Page c](<https://relay.example.com/c>)，Errors：说明由中转服务选择上游。');
		expect(relay.content).toContain('2. [Page a](<https://docs.example.com/a>)，Errors：列出来自不受支持地区的 403。');
		// The second page untranslated (or its translation naming another page): in English, marked, not dropped.
		const partial: KbEntry = {
			...base,
			translations: { zh: { ...zh, citations: [{ url: a.url, states: '列出来自不受支持地区的 403。' }] } },
		};
		const honest = composeAnswer(partial, match, aTriage({ route: 'unknown' }), { lang: 'zh' });
		expect(honest.citations).toEqual(english.citations);
		expect(honest.content).toContain(
			'2. [Page b](<https://docs.example.com/b>)，Errors：（此页说明暂无中文译文，以下为英文原文）Lists the supported countries.',
		);
		const misplaced: KbEntry = {
			...base,
			translations: { zh: { ...zh, citations: [{ url: b.url, states: '列出受支持的国家。' }] } },
		};
		expect(composeAnswer(misplaced, match, aTriage({ route: 'unknown' }), { lang: 'zh' }).content).toContain(
			'1. [Page a](<https://docs.example.com/a>)，Errors：（此页说明暂无中文译文，以下为英文原文）Lists a 403',
		);
	});

	it('gives the route’s translated steps and the translated "when to contact" line', () => {
		const entry = translated({
			routes: { relay: { fix: ['Ask the relay operator.'], citations: [] } },
			escalate: { when: 'you are sure your region is supported', why: 'they can check the account' },
		});
		const reply = composeAnswer(entry, match, aTriage({ route: 'relay' }), { lang: 'zh' });
		expect(reply.content).toContain('1. 请联系中转服务的运营方。');
		expect(reply.content).toContain('如果你确定所在地区受支持，请联系你所用中转服务的运营方');
	});

	it('is English as a whole when the matched entry has no translation for the poster’s language (no mix)', () => {
		const triage = aTriage({ error: anError({ status: 403 }), secrets: ['openai'] });
		const reply = composeAnswer(anEntry(), match, triage, { lang: 'zh' });
		expect(reply.lang).toBe('en');
		expect(reply.content).toEqual(composeAnswer(anEntry(), match, triage).content);
		expect(reply.content).not.toMatch(HAN);
	});

	it('treats a translation missing a route the entry has as no translation', () => {
		const entry = translated({ routes: { router: { fix: ['Use another provider.'], citations: [] } } });
		expect(localisedEntry(entry, 'zh')).toBeNull();
		expect(composeAnswer(entry, match, aTriage({ route: 'openrouter' }), { lang: 'zh' }).lang).toBe('en');
	});

	it('asks and abstains in the poster’s language, keys warned about by kind', () => {
		const ask = askForInfo(['error_body', 'model'], ['openrouter'], 'zh');
		expect(ask).toContain('感谢反馈！要查明这个错误的原因，我还需要以下信息：');
		expect(ask).toContain('1. **完整的错误响应体**');
		expect(ask).toContain('2. **你调用的模型 ID**');
		expect(ask).toContain('OpenRouter API 密钥');
		expect(ask).toContain('粘贴前请先删除 API 密钥和令牌');
		expect(ask).not.toMatch(/Thanks|Please|Automated/);
		expect(abstainMessage([], [], {}, 'zh')).toContain('我已把这个帖子转给人工支持');
	});
});
