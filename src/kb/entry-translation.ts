import { z } from 'zod';

/**
 * Languages Doorman speaks to posters. English is the source language of every KB entry and message; a language is
 * listed here only when its message catalogue and its KB translations are complete (a partial translation falls back
 * to English, never to a mix).
 */
export const POSTER_LANGUAGES = ['en', 'zh', 'es'] as const;
export type PosterLanguage = (typeof POSTER_LANGUAGES)[number];
export const PosterLanguageSchema = z.enum(POSTER_LANGUAGES);

const Text = z.string().trim().min(1);

/**
 * What one cited page states, in another language: the entry's distinct citations in order (its own, then each
 * route's: `translatableCitations`), each naming the page it translates so a reordering is caught by lint.
 */
const TranslatedCitationSchema = z.strictObject({ url: z.url(), states: Text.max(320) });

/** Fix steps for one kind of route, in another language (same number of steps as the English ones). */
const TranslatedRouteAdviceSchema = z.strictObject({ fix: z.array(Text.max(400)).min(1).max(8) });

/**
 * One KB entry in another language: `kb/i18n/<lang>/<entry-id>.yaml`. Only what the poster reads is translated;
 * signals, examples and citations stay the entry's own (citations are the vendor's pages).
 */
export const EntryTranslationSchema = z.strictObject({
	title: Text.max(120),
	diagnosis: Text.max(300),
	fix: z.array(Text.max(400)).min(1).max(8),
	routes: z.partialRecord(z.enum(['direct', 'router', 'cloud', 'relay']), TranslatedRouteAdviceSchema).optional(),
	escalate: z.strictObject({ when: Text, why: Text }).optional(),
	citations: z.array(TranslatedCitationSchema).optional(),
});
export type EntryTranslation = z.infer<typeof EntryTranslationSchema>;
