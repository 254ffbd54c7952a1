import { DISCORD_MESSAGE_LIMIT, escapeMentions, truncate } from '../message-text.js';

/** Subtext footer every automated reply ends with (`-# ` renders as small grey text). */
export const FOOTER = '-# Automated answer from Doorman · reply `!mute` to stop me in this thread';

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
