import { type PosterLanguage, t } from '../i18n/messages.js';
import { escapeMentions } from '../message-text.js';
import type { PhrasedJson } from './schemas.js';
import type { GroundingEntry } from './types.js';

/** Phrased replies must leave this much room under Discord's 2000-character limit. */
export const PHRASED_REPLY_LIMIT = 1900;

export interface RenderOptions {
	/** Lines under the diagnosis (status note, secret warning); already safe Discord text. */
	readonly notes?: readonly string[];
	/** The language of the headings and footer (the phrasing's); English when absent. */
	readonly lang?: PosterLanguage;
}

const flat = (text: string): string => text.replace(/\s+/g, ' ').trim();
// Models number or bullet steps despite being told not to; the reply numbers them itself.
const stripListMarker = (step: string): string => step.replace(/^(?:\d{1,2}[.)]|[-*•])\s+/, '');
const stripBold = (text: string): string => text.replace(/\*\*/g, '');
const linkTitle = (title: string): string => title.replace(/[[\]]/g, '');

/**
 * The Discord reply for a checked phrasing: bold diagnosis, notes, numbered steps, numbered source links taken from
 * the entries' own citations (title and URL; an URL no entry cites is never shown), and the subtext footer.
 * Mentions are escaped. Pure; the caller checks the length against `PHRASED_REPLY_LIMIT`.
 */
export function renderPhrased(
	phrased: PhrasedJson,
	entries: readonly GroundingEntry[],
	options: RenderOptions = {},
): string {
	const byUrl = new Map<string, string>();
	for (const entry of entries)
		for (const c of entry.citations) if (!byUrl.has(c.url)) byUrl.set(c.url, linkTitle(c.title));
	const cited = [...new Set(phrased.citations)].flatMap((url) => {
		const title = byUrl.get(url);
		return title === undefined ? [] : [{ url, title }];
	});
	const lang = options.lang ?? 'en';
	const head = [`**${stripBold(flat(phrased.diagnosis))}**`, ...(options.notes ?? [])].join('\n');
	const steps = `${t(lang, 'answer.fixHeading')}\n${phrased.steps.map((s, i) => `${i + 1}. ${stripListMarker(flat(s))}`).join('\n')}`;
	const sources =
		cited.length === 0
			? ''
			: `${t(lang, 'answer.sourcesHeading')}\n${cited.map((c, i) => `${i + 1}. [${c.title}](<${c.url}>)`).join('\n')}`;
	return escapeMentions([head, steps, sources, t(lang, 'footer')].filter((p) => p.length > 0).join('\n\n'));
}
