import type { Transcript } from './scenario.js';

/** Renders messages after the first `skip` (counted across threads) as a readable conversation. */
export function formatTranscript(transcript: Transcript, skip = 0): string {
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
			const who = message.author === 'bot' ? 'Doorman (bot)' : message.author;
			const body = message.content
				.split('\n')
				.map((line) => `   ${line}`)
				.join('\n');
			const buttons = message.buttons.length > 0 ? `\n   ${message.buttons.map((b) => `[${b}]`).join(' ')}` : '';
			out.push(`\n${who}:\n${body}${buttons}`);
		}
	}
	return out.length === 0 ? '' : `${out.join('\n')}\n`;
}
