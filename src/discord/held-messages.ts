import { type Message, SnowflakeUtil, type TextBasedChannel } from 'discord.js';
import { parseEscalationCustomId } from '../escalation/custom-id.js';
import { queueHeading } from '../escalation/queue-message.js';
import { POSTER_LANGUAGES } from '../i18n/messages.js';
import type { Logger } from '../log.js';
import { discordCall } from './discord-call.js';

/** What says whether a message in a channel is the bot's copy of something it meant to send. */
export interface HeldMessage {
	readonly id: string;
	readonly content: string;
	/** Discord returns a nonce only on the create response and MESSAGE_CREATE; fetched history has none. */
	readonly nonce: string | null;
	readonly customIds: readonly string[];
}

/** How far a look for the bot's own message goes: 5 pages of 100 messages after the point it would follow. */
const MAX_PAGES = 5;

function heldMessageOf(message: Message): HeldMessage {
	const customIds: string[] = [];
	for (const row of message.components)
		if ('components' in row)
			for (const c of row.components) if ('customId' in c && typeof c.customId === 'string') customIds.push(c.customId);
	return {
		id: message.id,
		content: message.content,
		nonce: message.nonce === null ? null : String(message.nonce),
		customIds,
	};
}

/**
 * The bot's messages in a channel after message `afterId` (or after time `afterTime`), oldest first, at most
 * MAX_PAGES pages. Null when Discord could not be asked: the caller then relies on the nonce alone.
 */
export async function botMessagesAfter(
	channel: TextBasedChannel,
	after: { readonly messageId: string } | { readonly time: number },
	botUserId: string,
	logger: Logger,
	ref: string,
): Promise<HeldMessage[] | null> {
	let cursor = 'messageId' in after ? after.messageId : SnowflakeUtil.generate({ timestamp: after.time }).toString();
	const held: HeldMessage[] = [];
	for (let page = 0; page < MAX_PAGES; page++) {
		const from = cursor;
		const fetched = await discordCall(logger, 'fetch-held', ref, () =>
			channel.messages.fetch({ after: from, limit: 100, cache: false }),
		);
		if (!fetched.ok) return null;
		const batch = [...fetched.value.values()];
		if (batch.length === 0) break;
		batch.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
		for (const m of batch) if (m.author.id === botUserId) held.push(heldMessageOf(m));
		cursor = batch.at(-1)?.id ?? cursor;
		if (batch.length < 100) break;
	}
	return held;
}

/**
 * The message that is a pending reply already on Discord: same nonce, or the same text in a bot message no other
 * recorded reply became (`claimed`). Null when Discord holds no copy.
 */
export function findHeldReply(
	messages: readonly HeldMessage[],
	reply: { readonly nonce: string; readonly content: string },
	claimed: ReadonlySet<string>,
): string | null {
	// Discord trims the text it stores, so the comparison does too.
	const text = reply.content.trim();
	const held = messages.find(
		(m) => !claimed.has(m.id) && (m.nonce === reply.nonce || (text !== '' && m.content.trim() === text)),
	);
	return held?.id ?? null;
}

/**
 * The moderators' queue message of an escalation: one of its buttons names it, or its first line does, in any
 * language the queue may have been written in (MODERATOR_LANGUAGE may have changed across the restart).
 */
export function findHeldQueueMessage(messages: readonly HeldMessage[], escalationId: number): string | null {
	// The heading up to the status, which follows it.
	const headings = POSTER_LANGUAGES.map((lang) => queueHeading(escalationId, lang, '\u0000').split('\u0000')[0] ?? '');
	const held = messages.find(
		(m) =>
			headings.some((heading) => heading !== '' && m.content.startsWith(heading)) ||
			m.customIds.some((id) => parseEscalationCustomId(id)?.escalationId === escalationId),
	);
	return held?.id ?? null;
}
