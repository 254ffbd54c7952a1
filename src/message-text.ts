/**
 * Discord's bounds on what the bot writes, and the two text guards every sender uses: cutting to a length and
 * defusing mentions. One home for the core (answer, thread, escalation) and its adapters (discord, llm, mail).
 */

/**
 * Discord's hard limit on a message's `content`.
 * @see https://discord.com/developers/docs/resources/message#create-message
 */
export const DISCORD_MESSAGE_LIMIT = 2000;

/** Ends a trimmed text, so a reader knows something was cut. */
export const ELLIPSIS = '…';

/**
 * Cuts `text` to at most `max` UTF-16 units, ending with `marker`. Prefers a line break or a space in
 * the last fifth of the window and never splits a surrogate pair.
 */
export function truncate(text: string, max: number, marker = ELLIPSIS): string {
	if (text.length <= max) return text;
	if (max <= marker.length) return marker.slice(0, Math.max(0, max));
	let cut = max - marker.length;
	const window = text.slice(0, cut);
	const floor = Math.floor(cut * 0.8);
	const newline = window.lastIndexOf('\n');
	const space = window.lastIndexOf(' ');
	if (newline >= floor) cut = newline;
	else if (space >= floor) cut = space;
	const code = text.charCodeAt(cut - 1);
	if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
	return `${text.slice(0, cut).trimEnd()}${marker}`;
}

/** Cuts `text` to at most `max` UTF-16 units without splitting a surrogate pair. */
export function cutText(text: string, max: number): string {
	if (text.length <= max) return text;
	let end = Math.max(0, max);
	const code = text.charCodeAt(end - 1);
	if (code >= 0xd800 && code <= 0xdbff) end -= 1;
	return text.slice(0, end);
}

/**
 * Cuts `text` to at most `max` UTF-16 units, ending with an ellipsis when it was cut: a hard cut, for one-line fields
 * (a table cell, a value quoted in a prompt), where `truncate`'s search for a word boundary would not help.
 */
export function clipText(text: string, max: number): string {
	return text.length <= max ? text : `${cutText(text, max - ELLIPSIS.length)}${ELLIPSIS}`;
}

const ZWSP = '\u200b';

/**
 * Makes text unable to ping anyone: `@everyone`, `@here`, user `<@id>` / `<@!id>`, role `<@&id>` mentions get a
 * zero-width space, so Discord shows them as text. (The sender should also pass `allowed_mentions: {parse: []}`.)
 */
export function escapeMentions(text: string): string {
	return text.replace(/@(everyone|here)\b/gi, `@${ZWSP}$1`).replace(/<@([!&]?\d+)>/g, `<${ZWSP}@$1>`);
}
