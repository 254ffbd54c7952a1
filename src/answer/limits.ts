/**
 * Discord's hard limit on a message's `content`.
 * @see https://discord.com/developers/docs/resources/message#create-message
 */
export const DISCORD_MESSAGE_LIMIT = 2000;

/** Subtext footer every automated reply ends with (`-# ` renders as small grey text). */
export const FOOTER = '-# Automated answer from Doorman · reply `!mute` to stop me in this thread';

const ZWSP = '\u200b';

/**
 * Makes text unable to ping anyone: `@everyone`, `@here`, user `<@id>` / `<@!id>`, role `<@&id>` mentions get a
 * zero-width space, so Discord shows them as text. (The sender should also pass `allowed_mentions: {parse: []}`.)
 */
export function escapeMentions(text: string): string {
	return text.replace(/@(everyone|here)\b/gi, `@${ZWSP}$1`).replace(/<@([!&]?\d+)>/g, `<${ZWSP}@$1>`);
}

/** Cuts `text` to at most `max` characters, at a word boundary when one is near, ending with `…`. */
export function truncate(text: string, max: number): string {
	if (text.length <= max) return text;
	if (max <= 1) return '…'.slice(0, max);
	const cut = text.slice(0, max - 1);
	const space = cut.lastIndexOf(' ');
	return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}

/** Inline code that cannot be broken out of: backticks and line breaks in the value are dropped. */
export function inlineCode(value: string, max = 80): string {
	return `\`${truncate(value.replace(/[`\r\n]/g, ''), max)}\``;
}

/** Joins reply sections with blank lines, appends the footer and escapes mentions. */
export function renderMessage(parts: readonly string[], footer: string = FOOTER): string {
	return escapeMentions([...parts, footer].filter((p) => p.length > 0).join('\n\n'));
}

/**
 * Joins reply sections and guarantees the Discord limit: sections are dropped from the end of `optional` first,
 * then the text is cut, always keeping the footer. Mentions are escaped.
 */
export function fitMessage(
	required: readonly string[],
	optional: readonly string[],
	footer: string = FOOTER,
	limit: number = DISCORD_MESSAGE_LIMIT,
): string {
	const kept = [...optional];
	let text = renderMessage([...required, ...kept], footer);
	while (text.length > limit && kept.length > 0) {
		kept.pop();
		text = renderMessage([...required, ...kept], footer);
	}
	if (text.length <= limit) return text;
	const body = escapeMentions(required.join('\n\n'));
	return `${truncate(body, limit - footer.length - 2)}\n\n${footer}`;
}
