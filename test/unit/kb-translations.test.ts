import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKb } from '../../src/kb/load.js';
import {
	lintMissingTranslations,
	lintTranslations,
	parseTranslationFile,
	withTranslations,
} from '../../src/kb/translations.js';

// The shipped entries in English only (the KB's own translations stripped), to attach test translations to.
const entries = loadKb(path.resolve('kb')).map(({ translations: _, ...english }) => english);
const entry = entries.find((e) => e.id === 'openai-unsupported-region');
if (entry === undefined) throw new Error('the shipped KB lost openai-unsupported-region');
const steps = entry.fix.map((_, i) => `  - 第 ${i + 1} 步`).join('\n');
const good = `title: OpenAI 拒绝来自不受支持地区的请求\ndiagnosis: 请求来自 OpenAI 不支持的国家或地区。\nfix:\n${steps}\n`;

describe('KB translations (i18n/<lang>/<entry-id>.yaml)', () => {
	it('attaches a valid translation to its entry and finds nothing wrong with it', () => {
		const file = parseTranslationFile('kb/i18n/zh/openai-unsupported-region.yaml', 'zh', entry.id, good);
		expect(file.problems).toEqual([]);
		expect(lintTranslations([file], entries)).toEqual([]);
		const withZh = withTranslations(entries, [file]).find((e) => e.id === entry.id);
		expect(withZh?.translations?.zh?.title).toBe('OpenAI 拒绝来自不受支持地区的请求');
		expect(withZh?.translations?.zh?.fix).toHaveLength(entry.fix.length);
	});

	it('reports a translation whose steps do not line up with the English ones, with the line', () => {
		const text = 'title: 标题\ndiagnosis: 诊断\nfix:\n  - 只有一步\n';
		const problems = lintTranslations([parseTranslationFile('x.yaml', 'zh', entry.id, text)], entries);
		expect(problems).toEqual([
			{ file: 'x.yaml', line: 3, message: `fix: has 1 step(s); the entry '${entry.id}' has ${entry.fix.length}` },
		]);
	});

	it('reports an unknown entry id, an unknown language and a schema problem', () => {
		const unknownEntry = parseTranslationFile('a.yaml', 'zh', 'no-such-entry', good);
		const unknownLang = parseTranslationFile('b.yaml', 'xx', entry.id, good);
		const noTitle = parseTranslationFile('c.yaml', 'zh', entry.id, `diagnosis: 诊断\nfix:\n${steps}\n`);
		const messages = lintTranslations([unknownEntry, unknownLang, noTitle], entries).map(
			(p) => `${p.file}: ${p.message}`,
		);
		expect(messages).toEqual([
			"a.yaml: no KB entry has the id 'no-such-entry' (the file name must be the entry's id)",
			"b.yaml: 'xx' is not a translated poster language (zh)",
			expect.stringMatching(/^c\.yaml: title: /),
		]);
		expect(
			withTranslations(entries, [unknownLang, noTitle]).find((e) => e.id === entry.id)?.translations,
		).toBeUndefined();
	});

	it('reports each entry without a translation in a poster language, one problem per entry and language', () => {
		const fileOf = (lang: string, id: string) => `kb/i18n/${lang}/${id}.yaml`;
		const zh = entries.map((e) => parseTranslationFile(fileOf('zh', e.id), 'zh', e.id, good));
		expect(lintMissingTranslations(zh, entries, fileOf)).toEqual([]);
		const others = zh.filter((f) => f.entryId !== entry.id);
		expect(lintMissingTranslations(others, entries, fileOf)).toEqual([
			{
				file: `kb/i18n/zh/${entry.id}.yaml`,
				line: 0,
				message: `is missing: translate title, diagnosis and fix of the entry '${entry.id}'`,
			},
		]);
		// A file that is there but broken is reported for what is wrong with it, not as missing.
		const broken = parseTranslationFile(fileOf('zh', entry.id), 'zh', entry.id, 'title: [\n');
		expect(broken.translation).toBeNull();
		expect(lintMissingTranslations([...others, broken], entries, fileOf)).toEqual([]);
		expect(lintMissingTranslations([], entries, fileOf)).toHaveLength(entries.length);
	});
});
