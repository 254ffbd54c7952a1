import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { translatableCitations } from '../../src/kb/entry-schema.js';
import { POSTER_LANGUAGES } from '../../src/kb/entry-translation.js';
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
/** The `citations` of a translation of `e`, complete (one per page it cites). */
const citationsOf = (e: typeof entry) => {
	const pages = translatableCitations(e);
	return pages.length === 0
		? ''
		: `citations:\n${pages.map((c) => `  - url: ${c.url}\n    states: 该页说明了此事。`).join('\n')}\n`;
};
const cited = translatableCitations(entry);
const citations = citationsOf(entry);
const good = `title: OpenAI 拒绝来自不受支持地区的请求\ndiagnosis: 请求来自 OpenAI 不支持的国家或地区。\nfix:\n${steps}\n${citations}`;
const fileOf = (lang: string, id: string) => `kb/i18n/${lang}/${id}.yaml`;
/** The translated poster languages (every one but English). */
const TRANSLATED = POSTER_LANGUAGES.filter((l) => l !== 'en');
/** A complete translation of every entry in `lang`, each with all its citations. */
const completeIn = (lang: string) =>
	entries.map((e) =>
		parseTranslationFile(fileOf(lang, e.id), lang, e.id, `${good.split('citations:')[0]}${citationsOf(e)}`),
	);

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
		const text = `title: 标题\ndiagnosis: 诊断\nfix:\n  - 只有一步\n${citations}`;
		const problems = lintTranslations([parseTranslationFile('x.yaml', 'zh', entry.id, text)], entries);
		expect(problems).toEqual([
			{ file: 'x.yaml', line: 3, message: `fix: has 1 step(s); the entry '${entry.id}' has ${entry.fix.length}` },
		]);
	});

	it('reports what the cited pages state when it is missing (to translate) or names another page (wrong)', () => {
		expect(cited.length).toBeGreaterThan(0);
		const file = (text: string) => parseTranslationFile('x.yaml', 'zh', entry.id, text);
		const head = `title: 标题\ndiagnosis: 诊断\nfix:\n${steps}\n`;
		// Missing: a translation still to do, reported by `kb lint` as a missing translation is (the bot still starts).
		expect(lintTranslations([file(head)], entries)).toEqual([]);
		const others = TRANSLATED.flatMap(completeIn);
		const all = [...others.filter((f) => f.lang !== 'zh' || f.entryId !== entry.id), file(head)];
		expect(lintMissingTranslations(all, entries, fileOf).map((p) => `${p.file}: ${p.message}`)).toEqual([
			`x.yaml: misses 'citations': what the entry's ${cited.length} cited page(s) state, in order`,
		]);
		// Wrong: more pages than the entry cites, or another page in a citation's place.
		const extra = `${head}${citations}  - url: https://example.com/other\n    states: 多出来的一条。\n`;
		expect(lintTranslations([file(extra)], entries).map((p) => p.message)).toEqual([
			`citations: has ${cited.length + 1} citation(s); the entry '${entry.id}' cites ${cited.length}`,
		]);
		const moved = `${head}citations:\n  - url: https://example.com/other\n    states: 该页说明了此事。\n`;
		expect(lintTranslations([file(moved)], entries).map((p) => p.message)).toEqual([
			expect.stringMatching(/^citations\.0\.url: is https:\/\/example\.com\/other; the entry's citation 1 is https:/),
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
			`b.yaml: 'xx' is not a translated poster language (${TRANSLATED.join(', ')})`,
			expect.stringMatching(/^c\.yaml: title: /),
		]);
		expect(
			withTranslations(entries, [unknownLang, noTitle]).find((e) => e.id === entry.id)?.translations,
		).toBeUndefined();
	});

	it('reports each entry without a translation in a poster language, one problem per entry and language', () => {
		expect(TRANSLATED).toEqual(['zh', 'es']);
		const complete = TRANSLATED.flatMap(completeIn);
		expect(lintMissingTranslations(complete, entries, fileOf)).toEqual([]);
		// Spanish is a language like Chinese: one entry not translated into it is reported.
		const others = complete.filter((f) => f.lang !== 'es' || f.entryId !== entry.id);
		expect(lintMissingTranslations(others, entries, fileOf)).toEqual([
			{
				file: `kb/i18n/es/${entry.id}.yaml`,
				line: 0,
				message: `is missing: translate title, diagnosis and fix of the entry '${entry.id}'`,
			},
		]);
		// A file that is there but broken is reported for what is wrong with it, not as missing.
		const broken = parseTranslationFile(fileOf('es', entry.id), 'es', entry.id, 'title: [\n');
		expect(broken.translation).toBeNull();
		expect(lintMissingTranslations([...others, broken], entries, fileOf)).toEqual([]);
		expect(lintMissingTranslations(completeIn('zh'), entries, fileOf)).toHaveLength(entries.length);
		expect(lintMissingTranslations([], entries, fileOf)).toHaveLength(entries.length * TRANSLATED.length);
	});
});
