import type { Transcript, TranscriptMessage } from './scenario.js';

function formatMessage(message: TranscriptMessage): string {
	const who = message.author === 'bot' ? 'Doorman (bot)' : message.author;
	const marks = [
		message.visibleTo === undefined ? null : `ephemeral: only ${message.visibleTo} sees this`,
		message.edited === true ? 'edited' : null,
	].filter((m): m is string => m !== null);
	const body = message.content
		.split('\n')
		.map((line) => `   ${line}`)
		.join('\n');
	const buttons = message.buttons.length > 0 ? `\n   ${message.buttons.map((b) => `[${b}]`).join(' ')}` : '';
	return `\n${who}${marks.length === 0 ? '' : ` (${marks.join(', ')})`}:\n${body}${buttons}`;
}

/**
 * Renders the thread messages after the first `skip` (counted across threads) as a readable conversation, then, with
 * `queue`, the moderators' queue as it stands. Ephemeral replies are marked with the one member who sees them.
 */
export function formatTranscript(
	transcript: Transcript,
	options: { readonly skip?: number; readonly queue?: boolean } = {},
): string {
	const skip = options.skip ?? 0;
	const out: string[] = [];
	let index = 0;
	for (const thread of transcript.threads) {
		// A thread whose earlier messages were printed already has its header on screen.
		let headerShown = false;
		for (const message of thread.messages) {
			index += 1;
			if (index <= skip) {
				headerShown = true;
				continue;
			}
			if (!headerShown) {
				out.push(`\n── forum post: ${thread.title} ──`);
				headerShown = true;
			}
			out.push(formatMessage(message));
		}
	}
	if (options.queue !== false && transcript.moderators.length > 0) {
		out.push("\n── moderators' queue (#moderators) ──", ...transcript.moderators.map(formatMessage));
	}
	return out.length === 0 ? '' : `${out.join('\n')}\n`;
}
