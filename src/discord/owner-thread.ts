import type { Message, ThreadChannel } from 'discord.js';
import { newRef } from '../log.js';
import type { AttachmentReader, OpenedMessage } from '../model.js';
import { parseRepost } from '../thread/exposed-key.js';
import type { OwnerPostStore, StoredOwnerPost } from '../thread/ports.js';
import { storedPostOf } from '../thread/read-conversation.js';
import type { OwnerPost, OwnerThread } from '../thread/thread-text.js';
import type { BotContext } from './bot-context.js';
import { parseCustomId } from './custom-id.js';
import { DiscordCode, discordCall, valueOrNull } from './discord-call.js';
import { attachmentReader, type ReadOptions } from './to-incoming.js';

/** Snowflakes in time order (they are decimal strings of different lengths). */
const compareIds = (a: string, b: string): number => (a.length === b.length ? a.localeCompare(b) : a.length - b.length);

/** An answer of the bot: the message carrying the "Solved it" / "Didn't help" buttons. */
const isAnswer = (message: Message): boolean =>
	message.components.some(
		(row) =>
			'components' in row &&
			row.components.some((c) => 'customId' in c && c.customId !== null && parseCustomId(c.customId) !== null),
	);

/**
 * The owner's messages as stored when they arrived (redacted), however long the thread: used when the store holds
 * the thread from its first post (threads from before the store are read from Discord). The bot's last answer
 * comes from the reply ledger.
 */
function storedOwnerThread(ctx: BotContext, thread: ThreadChannel, latest: OpenedMessage | null): OwnerThread | null {
	const { ports } = ctx;
	const stored = ports.ownerPosts?.list(thread.id) ?? [];
	if (!stored.some((p) => p.messageId === thread.id)) return null;
	const posts = stored.filter((p) => p.messageId !== latest?.messageId).map((p) => ({ id: p.messageId, post: p.post }));
	if (latest !== null) posts.push({ id: latest.messageId, post: latest });
	const answers = ports.replies.listInThread(thread.id).filter((r) => r.kind === 'answer' && r.status !== 'dropped');
	const answeredId = answers.at(-1)?.inReplyTo ?? null;
	return {
		title: thread.name,
		posts: posts.map((p) => p.post),
		answeredThrough: answeredId === null ? null : posts.filter((p) => compareIds(p.id, answeredId) <= 0).length,
	};
}

/**
 * The thread's last 100 messages in time order, with its starter first even when it is older than those; `whole`:
 * Discord gave them (a failed fetch leaves the starter at most).
 */
async function threadHistory(
	ctx: BotContext,
	thread: ThreadChannel,
): Promise<{ readonly history: Message<true>[]; readonly whole: boolean }> {
	const ref = newRef();
	const fetched = valueOrNull(
		await discordCall(ctx.logger, 'fetch-thread', ref, () => thread.messages.fetch({ limit: 100 })),
	);
	const history = [...(fetched?.values() ?? [])].sort((a, b) => compareIds(a.id, b.id));
	if (!history.some((m) => m.id === thread.id)) {
		// Past the last 100 messages: the starter (the first post, with the original error) is fetched on its own.
		// A deleted starter is a normal case: Unknown Message.
		const starter = valueOrNull(
			await discordCall(ctx.logger, 'fetch-starter', ref, () => thread.messages.fetch(thread.id), [
				DiscordCode.UnknownMessage,
			]),
		);
		if (starter !== null) history.unshift(starter);
	}
	return { history, whole: fetched !== null };
}

/**
 * The owner's messages so far (oldest first, with `latest` last when given), re-triaged together on every
 * follow-up, and how many of them the bot's last answer (its latest message with feedback buttons) replied to.
 */
export async function loadOwnerThread(
	ctx: BotContext,
	thread: ThreadChannel,
	ownerId: string,
	latest: OpenedMessage | null,
): Promise<OwnerThread> {
	if (latest?.isStarter === true) return { title: thread.name, posts: [latest], answeredThrough: null };
	const stored = storedOwnerThread(ctx, thread, latest);
	if (stored !== null) return stored;
	const { history, whole } = await threadHistory(ctx, thread);
	// Each post read here is kept, so the next follow-up reads the thread from the store; not after a failed fetch,
	// which would leave the store holding the starter without the posts between.
	const keeping: Keeping = {
		threadId: thread.id,
		kept: new Map((ctx.ports.ownerPosts?.list(thread.id) ?? []).map((p) => [p.messageId, p])),
		store: whole ? ctx.ports.ownerPosts : undefined,
	};
	const botUserId = ctx.readOptions().botUserId;
	const posts: { id: string; post: OwnerPost }[] = [];
	for (const m of history) {
		if (m.id === latest?.messageId) continue;
		// The bot's redacted repost of an owner's message whose original held a key stands in for that message.
		const repost = m.author.id === botUserId ? parseRepost(m.content) : null;
		if (repost !== null && repost.authorId === ownerId && m.reference?.messageId !== latest?.messageId) {
			const id = m.reference?.messageId ?? m.id;
			const post = await keptOrRead(ctx, keeping, id, m, repost.text);
			posts.push({ id, post });
			continue;
		}
		if (m.author.id !== ownerId) continue;
		posts.push({ id: m.id, post: await keptOrRead(ctx, keeping, m.id, m, m.content) });
	}
	if (latest !== null) posts.push({ id: latest.messageId, post: latest });
	const lastAnswer = history.filter((m) => m.author.id === botUserId && isAnswer(m)).at(-1);
	const answeredId = lastAnswer === undefined ? null : (lastAnswer.reference?.messageId ?? lastAnswer.id);
	return {
		title: thread.name,
		posts: posts.map((p) => p.post),
		answeredThrough: answeredId === null ? null : posts.filter((p) => compareIds(p.id, answeredId) <= 0).length,
	};
}

/** The owner's posts of a thread already kept, and where to keep those read from Discord (none: not kept). */
interface Keeping {
	readonly threadId: string;
	readonly kept: ReadonlyMap<string, StoredOwnerPost>;
	readonly store: OwnerPostStore | undefined;
}

/**
 * An earlier owner's message of a thread read from Discord (one from before the store kept every post): the post as
 * kept, or else read from Discord and kept in `keep`, so the next follow-up does not download its attachments again.
 */
async function keptOrRead(
	ctx: BotContext,
	{ threadId, kept, store }: Keeping,
	id: string,
	message: Message<true>,
	content: string,
): Promise<OwnerPost> {
	const earlier = kept.get(id);
	if (earlier !== undefined) return earlier.post;
	const { attachments } = await attachmentReader(message, ctx.readOptions())();
	const post = storedPostOf({ content, attachments });
	store?.save(threadId, id, post, message.createdTimestamp, ctx.ports.clock.now());
	return post;
}

/**
 * The reader for an owner's message edited after it arrived: an edit cannot add files, so those kept (redacted)
 * when it arrived are read again without a download (less any the edit removed); one never kept is read from Discord.
 * The key scan of the edit then finds keys in its text only: its files were scanned when it arrived.
 */
export function keptOrDownloaded(
	ctx: BotContext,
	thread: ThreadChannel,
	message: Message<true>,
	read: ReadOptions,
): AttachmentReader {
	const download = attachmentReader(message, read);
	return async () => {
		const kept = ctx.ports.ownerPosts?.list(thread.id).find((p) => p.messageId === message.id);
		if (kept === undefined) return download();
		const names = new Set(message.attachments.map((a) => a.name));
		return { attachments: kept.post.attachments.filter((a) => names.has(a.name)), skipped: [] };
	};
}
