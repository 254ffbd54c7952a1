import { IntlMessageFormat } from 'intl-messageformat';
import { POSTER_LANGUAGES, type PosterLanguage } from '../kb/entry-translation.js';
import en from './locales/en.json' with { type: 'json' };
import es from './locales/es.json' with { type: 'json' };
import zh from './locales/zh.json' with { type: 'json' };

export { POSTER_LANGUAGES, type PosterLanguage };

/** A message the bot says to posters; English (`locales/en.json`) is the source catalogue and names every key. */
export type MessageKey = keyof typeof en;
export type MessageArgs = Readonly<Record<string, string | number>>;

/**
 * The catalogues as written (`src/i18n/locales/<lang>.json`, ICU MessageFormat). A translator edits the data files;
 * a new language is added here and in POSTER_LANGUAGES.
 */
export const CATALOGUES: Readonly<Record<PosterLanguage, Readonly<Record<string, string>>>> = { en, zh, es };

const ENGLISH: Readonly<Record<string, string>> = en;

/** The argument names an ICU message uses, nested selects and plurals included. */
export function messageArguments(message: string): string[] {
	const names = new Set<string>();
	// biome-ignore lint/suspicious/noExplicitAny: the ICU AST is walked generically
	const walk = (nodes: readonly any[]): void => {
		for (const node of nodes) {
			if (typeof node.value === 'string' && node.type !== 0 && node.type !== 7) names.add(node.value);
			if (node.options !== undefined)
				for (const option of Object.values(node.options) as { value: unknown[] }[]) walk(option.value);
			if (Array.isArray(node.children)) walk(node.children);
		}
	};
	walk(new IntlMessageFormat(message, 'en').getAst());
	return [...names].sort();
}

/** What keeps a catalogue from being used: keys missing or extra, or a message whose arguments differ from English. */
export function catalogueProblems(catalogue: Readonly<Record<string, string>>): string[] {
	const problems: string[] = [];
	for (const key of Object.keys(ENGLISH)) {
		const message = catalogue[key];
		if (message === undefined) {
			problems.push(`missing ${key}`);
			continue;
		}
		const want = messageArguments(ENGLISH[key] as string).join(',');
		let got: string;
		try {
			got = messageArguments(message).join(',');
		} catch {
			problems.push(`${key}: not a valid ICU message`);
			continue;
		}
		if (got !== want) problems.push(`${key}: arguments {${got}} instead of {${want}}`);
	}
	for (const key of Object.keys(catalogue)) if (!(key in ENGLISH)) problems.push(`unknown ${key}`);
	return problems;
}

/** The languages whose catalogue is complete (no `catalogueProblems`); English always. Pure. */
export function usableLanguages(
	catalogues: Readonly<Record<PosterLanguage, Readonly<Record<string, string>>>>,
): ReadonlySet<PosterLanguage> {
	return new Set(POSTER_LANGUAGES.filter((lang) => lang === 'en' || catalogueProblems(catalogues[lang]).length === 0));
}

/** Languages whose catalogue is complete; any other falls back to English as a whole, never message by message. */
const COMPLETE = usableLanguages(CATALOGUES);

/** The language the bot actually speaks for `lang`: itself when its catalogue is complete, else English. */
export const spokenLanguage = (lang: PosterLanguage): PosterLanguage => (COMPLETE.has(lang) ? lang : 'en');

const formats = new Map<string, IntlMessageFormat>();

/** One message of the catalogue for `lang` (English when that catalogue is incomplete), formatted with `args`. Pure. */
export function t(lang: PosterLanguage, key: MessageKey, args: MessageArgs = {}): string {
	const spoken = spokenLanguage(lang);
	const id = `${spoken}\u0000${key}`;
	let format = formats.get(id);
	if (format === undefined) {
		format = new IntlMessageFormat(CATALOGUES[spoken][key] as string, spoken, undefined, { ignoreTag: true });
		formats.set(id, format);
	}
	return String(format.format(args));
}

/** "a, b and c" / "a、b和c": items joined the way the language writes a list. Pure. */
export function joinList(lang: PosterLanguage, items: readonly string[], kind: 'and' | 'or' = 'and'): string {
	if (items.length <= 1) return items.join('');
	const head = items.slice(0, -1).join(t(lang, 'list.separator'));
	return t(lang, kind === 'and' ? 'list.and' : 'list.or', { head, last: items[items.length - 1] as string });
}

/** A poster language for a Discord locale (`zh-CN`, `en-US` …) or a detector's code; null when none fits. */
export function posterLanguageOf(code: string | null | undefined): PosterLanguage | null {
	if (code === null || code === undefined) return null;
	const base = code.toLowerCase().split(/[-_]/)[0] ?? '';
	return (POSTER_LANGUAGES as readonly string[]).includes(base) ? (base as PosterLanguage) : null;
}
