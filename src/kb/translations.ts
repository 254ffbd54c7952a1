import { LineCounter, parseDocument } from 'yaml';
import { type KbEntry, translatableCitations } from './entry-schema.js';
import {
	type EntryTranslation,
	EntryTranslationSchema,
	POSTER_LANGUAGES,
	type PosterLanguage,
} from './entry-translation.js';
import type { KbProblem } from './errors.js';
import { schemaProblems, type YamlPath, yamlLocator } from './yaml-lines.js';

/** Where translations live inside a KB folder: `i18n/<lang>/<entry-id>.yaml`. */
export const TRANSLATIONS_DIR = 'i18n';

/** One translation file, parsed: the language and entry it is for (from its path) and its content or problems. */
export interface ParsedTranslationFile {
	readonly file: string;
	readonly lang: string;
	readonly entryId: string;
	readonly translation: EntryTranslation | null;
	readonly problems: readonly KbProblem[];
	/** The line of a field in the file, for lint messages about it. */
	readonly lineOf: (path: YamlPath) => number;
}

/** Parses `i18n/<lang>/<entryId>.yaml`; YAML and schema problems carry their line. */
export function parseTranslationFile(file: string, lang: string, entryId: string, text: string): ParsedTranslationFile {
	const counter = new LineCounter();
	const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
	const lineOf = yamlLocator(doc, counter);
	if (doc.errors.length > 0) {
		const problems = doc.errors.map((e) => ({
			file,
			line: counter.linePos(e.pos[0]).line,
			message: `YAML: ${e.message.split('\n')[0] ?? e.code}`,
		}));
		return { file, lang, entryId, translation: null, problems, lineOf };
	}
	const parsed = EntryTranslationSchema.safeParse(doc.toJS());
	if (!parsed.success) {
		const problems = schemaProblems(file, parsed.error.issues, lineOf);
		return { file, lang, entryId, translation: null, problems, lineOf };
	}
	return { file, lang, entryId, translation: parsed.data, problems: [], lineOf };
}

const isPosterLanguage = (lang: string): lang is PosterLanguage =>
	(POSTER_LANGUAGES as readonly string[]).includes(lang) && lang !== 'en';

/**
 * Structural problems of the translation files against the entries they translate: unknown language or entry, and
 * a translation whose steps do not line up with the English ones (a step added or lost in translation would give
 * the poster different advice from its English twin).
 */
export function lintTranslations(files: readonly ParsedTranslationFile[], entries: readonly KbEntry[]): KbProblem[] {
	const byId = new Map(entries.map((e) => [e.id, e]));
	const problems: KbProblem[] = [];
	for (const f of files) {
		problems.push(...f.problems);
		const at = (path: YamlPath, message: string) =>
			problems.push({
				file: f.file,
				line: f.lineOf(path),
				message: path.length > 0 ? `${path.join('.')}: ${message}` : message,
			});
		if (!isPosterLanguage(f.lang)) {
			at(
				[],
				`'${f.lang}' is not a translated poster language (${POSTER_LANGUAGES.filter((l) => l !== 'en').join(', ')})`,
			);
			continue;
		}
		const entry = byId.get(f.entryId);
		if (entry === undefined) {
			at([], `no KB entry has the id '${f.entryId}' (the file name must be the entry's id)`);
			continue;
		}
		const t = f.translation;
		if (t === null) continue;
		if (t.fix.length !== entry.fix.length)
			at(['fix'], `has ${t.fix.length} step(s); the entry '${entry.id}' has ${entry.fix.length}`);
		for (const [route, advice] of Object.entries(t.routes ?? {})) {
			const english = entry.routes?.[route as keyof NonNullable<KbEntry['routes']>];
			if (english === undefined) at(['routes', route], `the entry '${entry.id}' has no steps for route '${route}'`);
			else if (advice.fix.length !== english.fix.length)
				at(
					['routes', route, 'fix'],
					`has ${advice.fix.length} step(s); the entry's route '${route}' has ${english.fix.length}`,
				);
		}
		for (const route of Object.keys(entry.routes ?? {}))
			if (t.routes?.[route as keyof NonNullable<typeof t.routes>] === undefined)
				at(['routes'], `misses the steps for route '${route}' that the entry '${entry.id}' has`);
		if ((entry.escalate === undefined) !== (t.escalate === undefined))
			at(
				['escalate'],
				entry.escalate === undefined ? `the entry '${entry.id}' has no escalate` : `misses the entry's escalate`,
			);
		lintCitations(t, entry, at);
	}
	return problems;
}

/**
 * What the cited pages state, translated, as it lines up with the entry: one per distinct citation, in order, each
 * naming its page. A translation of more pages than the entry cites, or naming another page, is wrong; fewer (or
 * none) is a translation still to do (`lintMissingTranslations`): the answer then shows those pages' statements in
 * English, saying so.
 */
function lintCitations(t: EntryTranslation, entry: KbEntry, at: (path: YamlPath, message: string) => void): void {
	const english = translatableCitations(entry);
	const translated = t.citations ?? [];
	if (translated.length > english.length)
		at(['citations'], `has ${translated.length} citation(s); the entry '${entry.id}' cites ${english.length}`);
	translated.forEach((c, i) => {
		const want = english[i];
		if (want !== undefined && want.url !== c.url)
			at(['citations', i, 'url'], `is ${c.url}; the entry's citation ${i + 1} is ${want.url} (${want.section})`);
	});
}

/**
 * One problem per entry and translated poster language without a translation file (`fileOf(lang, entryId)`, the
 * path of `i18n/<lang>/<entry-id>.yaml` in the KB folder): a language is offered only when every entry has it, so a
 * new entry or a new language is not done until it is translated; likewise a file whose `citations` miss some of
 * the pages its entry cites. Entries whose front matter does not parse are left to their own problems. `kb lint`
 * reports these; the bot starts with them (an operator's own entries may be untranslated) and answers honestly.
 */
export function lintMissingTranslations(
	files: readonly ParsedTranslationFile[],
	entries: readonly KbEntry[],
	fileOf: (lang: PosterLanguage, entryId: string) => string,
): KbProblem[] {
	const present = new Set(files.map((f) => `${f.lang}/${f.entryId}`));
	const problems: KbProblem[] = [];
	for (const lang of POSTER_LANGUAGES.filter(isPosterLanguage))
		for (const entry of entries)
			if (!present.has(`${lang}/${entry.id}`))
				problems.push({
					file: fileOf(lang, entry.id),
					line: 0,
					message: `is missing: translate title, diagnosis and fix of the entry '${entry.id}'`,
				});
	// A file present whose `citations` do not yet cover every page the entry cites.
	const byId = new Map(entries.map((e) => [e.id, e]));
	for (const f of files) {
		const entry = byId.get(f.entryId);
		if (f.translation === null || entry === undefined || !isPosterLanguage(f.lang)) continue;
		const want = translatableCitations(entry).length;
		const have = f.translation.citations?.length ?? 0;
		if (have < want)
			problems.push({
				file: f.file,
				line: have === 0 ? 0 : f.lineOf(['citations']),
				message:
					have === 0
						? `misses 'citations': what the entry's ${want} cited page(s) state, in order`
						: `citations: has ${have} of the entry's ${want} cited page(s); translate the rest, in order`,
			});
	}
	return problems;
}

/** The entries with every valid translation attached (`entry.translations[lang]`); pure. */
export function withTranslations(entries: readonly KbEntry[], files: readonly ParsedTranslationFile[]): KbEntry[] {
	const byEntry = new Map<string, Partial<Record<PosterLanguage, EntryTranslation>>>();
	for (const f of files) {
		if (f.translation === null || !isPosterLanguage(f.lang)) continue;
		const forEntry = byEntry.get(f.entryId) ?? {};
		forEntry[f.lang] = f.translation;
		byEntry.set(f.entryId, forEntry);
	}
	return entries.map((e) => {
		const translations = byEntry.get(e.id);
		return translations === undefined ? e : { ...e, translations };
	});
}
