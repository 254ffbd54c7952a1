import { joinList, type PosterLanguage, t } from '../i18n/messages.js';
import type { MissingInfo, SecretKind } from '../triage/types.js';
import { fitMessage } from './limits.js';

/** The footer every automated reply ends with, in the poster's language. */
export const footerIn = (lang: PosterLanguage): string => t(lang, 'footer');

/**
 * The warning for a post that contained secrets: which kind, and to revoke or rotate it now. Never repeats the
 * secret itself. Null when there were none.
 */
export function secretWarning(secrets: readonly SecretKind[], lang: PosterLanguage = 'en'): string | null {
	const kinds = [...new Set(secrets)];
	if (kinds.length === 0) return null;
	const list = joinList(
		lang,
		kinds.map((k) => t(lang, `secret.${k}`)),
	);
	return t(lang, 'secret.warning', { list });
}

/** The numbered list of what is missing, as every ask, abstention and narrower ask shows it. Pure. */
export function missingList(missing: readonly MissingInfo[], lang: PosterLanguage = 'en'): string {
	return [...new Set(missing)].map((m, i) => `${i + 1}. ${t(lang, `missing.${m}`)}`).join('\n');
}

/**
 * One polite message asking for exactly what is missing, with one line on why each helps, a reminder to redact
 * keys, and, if secrets were found, which kind and to revoke them now. Pure.
 */
export function askForInfo(
	missing: readonly MissingInfo[],
	secrets: readonly SecretKind[],
	lang: PosterLanguage = 'en',
): string {
	const warning = secretWarning(secrets, lang);
	const required =
		missing.length === 0 ? [t(lang, 'ask.fullOutput')] : [t(lang, 'ask.needMore'), missingList(missing, lang)];
	return fitMessage(
		[...(warning === null ? [] : [warning]), ...required, t(lang, 'ask.redactReminder')],
		[],
		footerIn(lang),
	);
}

/**
 * A later ask in the same thread, once the poster gave part of what was asked: only what is still missing, without
 * the whole first ask again. Pure.
 */
export function askForRest(missing: readonly MissingInfo[], lang: PosterLanguage = 'en'): string {
	return fitMessage([t(lang, 'ask.stillNeed'), missingList(missing, lang)], [], footerIn(lang));
}

/** One line answering "what do you need?" after an ask: what is still missing, by name, without the whole list again. */
export function pointToAsk(missing: readonly MissingInfo[], lang: PosterLanguage = 'en'): string {
	const names = [...new Set(missing)].map((m) => t(lang, `missingShort.${m}`));
	return t(lang, 'ask.pointToAsk', { list: joinList(lang, names) });
}

export interface AbstainOptions {
	/** The thread was handed to human helpers (escalated) rather than left waiting for the poster. */
	readonly handedToHumans?: boolean;
}

/**
 * What the bot says when it is not sure: it does not guess. It lists what would let it tell (if anything is
 * missing) and says a human helper will look when it cannot get further on its own. Pure.
 */
export function abstainMessage(
	missing: readonly MissingInfo[],
	secrets: readonly SecretKind[],
	options: AbstainOptions = {},
	lang: PosterLanguage = 'en',
): string {
	const warning = secretWarning(secrets, lang);
	const parts = [...(warning === null ? [] : [warning]), t(lang, 'abstain.notSure')];
	if (missing.length > 0)
		parts.push(t(lang, 'abstain.wouldLetMeTell'), missingList(missing, lang), t(lang, 'ask.redactReminder'));
	if (options.handedToHumans === true || missing.length === 0) parts.push(t(lang, 'abstain.handedToHumans'));
	return fitMessage(parts, [], footerIn(lang));
}
