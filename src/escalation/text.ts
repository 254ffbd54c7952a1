/** Small, pure text helpers for bounded, Discord-safe and email-safe output. */

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

/** Collapses all whitespace (including line breaks, so no header injection) into single spaces. */
export const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** Stops user text from pinging: `@everyone`, `@here`, and `<@…>` / `<@&…>` mentions are defused. */
export const defuseMentions = (text: string): string =>
	text.replace(/@(everyone|here)/g, '@\u200b$1').replace(/<@(!|&)?(\d+)>/g, '<@\u200b$1$2>');

/** Keeps text from closing a Markdown code block it is placed in. */
export const defuseFences = (text: string): string => text.replace(/```/g, "'''");
