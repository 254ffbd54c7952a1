import type { IncomingMessage, PostText } from '../model.js';

/** Flattens a thread's messages into one post for triage: bodies joined, attachments kept. */
export function threadText(title: string, messages: readonly IncomingMessage[]): PostText {
	return {
		title,
		body: messages.map((m) => m.content).join('\n\n'),
		attachments: messages.flatMap((m) => m.attachments),
	};
}
