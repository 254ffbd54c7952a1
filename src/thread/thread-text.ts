import type { PostAttachment, PostText } from '../model.js';

/** One message of the thread owner: its text and the attachments the bot could read. */
export interface OwnerPost {
	readonly content: string;
	readonly attachments: readonly PostAttachment[];
}

/** The thread owner's side of a thread up to the hand-off: what the advisor and an escalation read. */
export interface OwnerThread {
	readonly title: string;
	/** Every message of the thread owner so far, oldest first (text and readable attachments). */
	readonly posts: readonly OwnerPost[];
	/**
	 * How many of `posts` the bot's last answer in the thread was based on (the post it replied to and every owner
	 * post before it); null when the bot has not answered in this thread.
	 */
	readonly answeredThrough: number | null;
}

const joinPosts = (title: string, posts: readonly OwnerPost[]): PostText => ({
	title,
	body: posts.map((m) => m.content).join('\n\n'),
	attachments: posts.flatMap((m) => m.attachments),
});

/** The owner's posts flattened into one post for triage (title, bodies joined, attachments kept). */
export const ownerText = (owner: OwnerThread): PostText => joinPosts(owner.title, owner.posts);

/**
 * The text the bot's last answer was based on (the owner's posts up to the one it answered), or null when the bot
 * has not answered, or when that is the whole of `owner` (nothing was added since).
 */
export function answeredText(owner: OwnerThread): PostText | null {
	const n = owner.answeredThrough;
	if (n === null || n <= 0 || n >= owner.posts.length) return null;
	return joinPosts(owner.title, owner.posts.slice(0, n));
}

/** Each owner post on its own (no title), so one post's error is not mixed with the thread's title or other posts. */
export const eachOwnerPost = (owner: OwnerThread): PostText[] =>
	owner.posts.map((p) => ({ title: '', body: p.content, attachments: p.attachments }));
