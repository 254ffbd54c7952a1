import { describe, expect, it } from 'vitest';
import { parseConfig, SPOKEN_LANGUAGES } from '../../../src/config.js';
import {
	CATALOGUES,
	catalogueProblems,
	joinList,
	messageArguments,
	POSTER_LANGUAGES,
	posterLanguageOf,
	spokenLanguage,
	t,
	usableLanguages,
} from '../../../src/i18n/messages.js';

describe('message catalogues', () => {
	it.each(POSTER_LANGUAGES)('the %s catalogue has every English key, with the same ICU arguments', (lang) => {
		expect(catalogueProblems(CATALOGUES[lang])).toEqual([]);
		expect(spokenLanguage(lang)).toBe(lang);
	});

	it('names a missing key, an extra key and a message whose arguments differ from English', () => {
		const { footer: _dropped, ...rest } = CATALOGUES.zh;
		const broken = { ...rest, 'answer.sameCause': '注意：原因相同。', 'no.such.key': 'x' };
		expect(catalogueProblems(broken)).toEqual([
			'missing footer',
			'answer.sameCause: arguments {} instead of {seen}',
			'unknown no.such.key',
		]);
	});

	it('a language whose catalogue is incomplete is not used at all: English as a whole, never a half translation', () => {
		const { footer: _dropped, ...partial } = CATALOGUES.zh;
		expect([...usableLanguages({ en: CATALOGUES.en, zh: partial, es: CATALOGUES.es })]).toEqual(['en', 'es']);
		expect([...usableLanguages(CATALOGUES)]).toEqual(['en', 'zh', 'es']);
	});

	it('reads the arguments of plurals and selects, nested ones included', () => {
		expect(messageArguments('{a} {n, plural, one {# x} other {{b}}} {s, select, none {} other {{c}}}')).toEqual([
			'a',
			'b',
			'c',
			'n',
			's',
		]);
	});

	it('formats a message in each language, and joins lists the way each writes them', () => {
		expect(t('en', 'answer.sameCause', { seen: 'HTTP 401' })).toBe(
			'Note: here it came back as HTTP 401 rather than 403; it is the same cause.',
		);
		expect(t('zh', 'answer.sameCause', { seen: 'HTTP 401' })).toBe(
			'注意：这次返回的是 HTTP 401 而不是 403，但原因相同。',
		);
		expect(t('es', 'answer.sameCause', { seen: 'HTTP 401' })).toBe(
			'Nota: aquí ha llegado como HTTP 401 en lugar de 403; es la misma causa.',
		);
		expect(joinList('en', ['a', 'b', 'c'])).toBe('a, b and c');
		expect(joinList('es', ['a', 'b', 'c'])).toBe('a, b y c');
		expect(joinList('zh', ['甲', '乙', '丙'])).toBe('甲、乙和丙');
		expect(joinList('en', ['a', 'b'], 'or')).toBe('a or b');
		expect(joinList('zh', ['x'])).toBe('x');
	});

	it('maps Discord locales and detector codes to the languages the bot speaks', () => {
		expect(posterLanguageOf('zh-CN')).toBe('zh');
		expect(posterLanguageOf('zh-TW')).toBe('zh');
		expect(posterLanguageOf('en-US')).toBe('en');
		expect(posterLanguageOf('es-ES')).toBe('es');
		expect(posterLanguageOf('es-419')).toBe('es');
		expect(posterLanguageOf('pt-BR')).toBeNull();
		expect(posterLanguageOf(null)).toBeNull();
	});

	it('config accepts exactly the languages the bot speaks', () => {
		expect([...SPOKEN_LANGUAGES]).toEqual([...POSTER_LANGUAGES]);
	});
});

describe('DEFAULT_LANGUAGE and MODERATOR_LANGUAGE', () => {
	it('default to English, accept a language the bot speaks, and refuse one it does not', () => {
		const base = { DATABASE_PATH: '/tmp/doorman-test.db' };
		const config = (env: Record<string, string>) => parseConfig({ ...base, ...env }, '/tmp');
		const defaults = config({});
		expect(defaults.ok && [defaults.config.defaultLanguage, defaults.config.moderatorLanguage]).toEqual(['en', 'en']);
		const zh = config({ DEFAULT_LANGUAGE: 'zh' });
		expect(zh.ok && zh.config.defaultLanguage).toBe('zh');
		const fr = config({ DEFAULT_LANGUAGE: 'fr' });
		expect(fr.ok ? [] : fr.problems.join('\n')).toMatch(/DEFAULT_LANGUAGE: .* en, zh or es/);
		const es = config({ DEFAULT_LANGUAGE: 'es', MODERATOR_LANGUAGE: 'es' });
		expect(es.ok && [es.config.defaultLanguage, es.config.moderatorLanguage]).toEqual(['es', 'es']);
		const mods = config({ MODERATOR_LANGUAGE: 'zh' });
		expect(mods.ok && mods.config.moderatorLanguage).toBe('zh');
		// A language without a complete catalogue is not offered to moderators either.
		const ja = config({ MODERATOR_LANGUAGE: 'ja' });
		expect(ja.ok ? [] : ja.problems.join('\n')).toMatch(/MODERATOR_LANGUAGE: .* en, zh or es/);
	});
});
