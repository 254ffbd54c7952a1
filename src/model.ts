/**
 * Shared vocabulary of the core: plain types, no runtime imports.
 */

/** A text attachment of a post (Discord turns long pastes into `message.txt`). */
export interface PostAttachment {
	readonly name: string;
	readonly text: string;
}

/** What triage reads: a forum post (or a whole thread flattened into one post). */
export interface PostText {
	readonly title: string;
	readonly body: string;
	readonly attachments: readonly PostAttachment[];
}
