import type { Message, ThreadChannel } from 'discord.js';
import { newRef } from '../log.js';
import type { IncomingMessage } from '../model.js';
import { parseRepost } from '../thread/exposed-key.js';
import type { OwnerPost, OwnerThread } from '../thread/thread-text.js';
import type { BotContext } from './bot-context.js';
import { parseCustomId } from './custom-id.js';
import { DiscordCode, discordCall, valueOrNull } from './discord-call.js';
import { toIncoming } from './to-incoming.js';

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
function storedOwnerThread(ctx: BotContext, thread: ThreadChannel, latest: IncomingMessage | null): OwnerThread | null {
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

/** The thread's last 100 messages in time order, with its starter first even when it is older than those. */
async function threadHistory(ctx: BotContext, thread: ThreadChannel): Promise<Message<true>[]> {
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
	return history;
}

/**
 * The owner's messages so far (oldest first, with `latest` last when given), re-triaged together on every
 * follow-up, and how many of them the bot's last answer (its latest message with feedback buttons) replied to.
 */
export async function loadOwnerThread(
	ctx: BotContext,
	thread: ThreadChannel,
	ownerId: string,
	latest: IncomingMessage | null,
): Promise<OwnerThread> {
	if (latest?.isStarter === true) return { title: thread.name, posts: [latest], answeredThrough: null };
	const stored = storedOwnerThread(ctx, thread, latest);
	if (stored !== null) return stored;
	const history = await threadHistory(ctx, thread);
	const read = ctx.readOptions();
	const botUserId = read.botUserId;
	const posts: { id: string; post: OwnerPost }[] = [];
	for (const m of history) {
		if (m.id === latest?.messageId) continue;
		// The bot's redacted repost of an owner's message whose original held a key stands in for that message.
		const repost = m.author.id === botUserId ? parseRepost(m.content) : null;
		if (repost !== null && repost.authorId === ownerId && m.reference?.messageId !== latest?.messageId) {
			const files = (await toIncoming(m, thread, read)).attachments;
			posts.push({ id: m.reference?.messageId ?? m.id, post: { content: repost.text, attachments: files } });
			continue;
		}
		if (m.author.id !== ownerId) continue;
		posts.push({ id: m.id, post: await toIncoming(m, thread, read) });
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
