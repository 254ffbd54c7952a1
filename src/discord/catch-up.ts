import { type Client, type Message, SnowflakeUtil, type ThreadChannel } from 'discord.js';
import { type Logger, newRef } from '../log.js';
import { shouldCatchUpUnseen } from '../thread/catch-up-policy.js';
import type { ThreadStore } from '../thread/ports.js';
import { discordCall, valueOrNull } from './discord-call.js';

export interface CatchUpDeps {
	readonly client: Client;
	readonly forums: ReadonlySet<string>;
	readonly threads: ThreadStore;
	readonly logger: Logger;
	/** The thread's starter, or null when it cannot be had (the failure is logged where it happened). */
	readonly fetchStarter: (thread: ThreadChannel) => Promise<Message<true> | null>;
	/** Queues one message for handling; the processed ledger makes repeats harmless. */
	readonly enqueue: (thread: ThreadChannel, message: Message<true>) => Promise<void>;
	/** Threads the bot never handled are taken up only when created at or after this (see `catchUpCutoff`). */
	readonly cutoff: number;
	/** Whether a message's author is a helper or moderator. */
	readonly isStaff: (message: Message<true>) => Promise<boolean>;
	/** Whether the post carries the Solved tag. */
	readonly isSolved: (thread: ThreadChannel) => boolean;
}

/** At most this many messages per thread are fetched on catch-up (one page). */
const PAGE = 100;

/**
 * After start and after every gateway resume: handle what was posted while the bot was away.
 * For each active thread in a watched forum, fetch messages after the last one handled (or the
 * whole thread when it is new to us) and queue them in order.
 */
export async function catchUp(deps: CatchUpDeps): Promise<number> {
	let queued = 0;
	const ref = newRef();
	for (const guild of deps.client.guilds.cache.values()) {
		const active = valueOrNull(
			await discordCall(deps.logger, 'catch-up-list-threads', ref, () => guild.channels.fetchActiveThreads()),
		);
		for (const thread of active?.threads.values() ?? []) {
			if (thread.parentId === null || !deps.forums.has(thread.parentId)) continue;
			queued += await catchUpThread(deps, thread, ref);
		}
	}
	if (queued > 0) deps.logger.info({ queued }, 'catch-up queued messages posted while away');
	return queued;
}

async function catchUpThread(deps: CatchUpDeps, thread: ThreadChannel, ref: string): Promise<number> {
	const known = deps.threads.get(thread.id);
	// New to us and older than the cutoff: left to people without fetching anything (a first start in a big forum).
	const createdAt = threadCreatedAt(thread);
	if (known === null && createdAt < deps.cutoff) {
		deps.logger.debug({ threadId: thread.id, createdAt, cutoff: deps.cutoff }, 'catch-up: thread predates the bot');
		return 0;
	}
	const pending: Message<true>[] = [];
	// A thread can be known without any message handled (the process died mid-way): start from its starter.
	if (known === null || known.lastMessageId === null) {
		const starter = await deps.fetchStarter(thread);
		if (starter !== null) pending.push(starter);
	}
	const after = known?.lastMessageId ?? thread.id;
	const fetched = valueOrNull(
		await discordCall(deps.logger, 'catch-up-fetch', ref, () => thread.messages.fetch({ after, limit: PAGE })),
	);
	const later = [...(fetched?.values() ?? [])].filter((m) => !m.author.bot && !m.system);
	later.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
	if (known === null) {
		// New to us: only a recent thread nobody has taken care of (first start must not answer the whole forum).
		const verdict = shouldCatchUpUnseen(
			{
				createdAt,
				isSolved: deps.isSolved(thread),
				hasStaffReply: await someStaff(
					deps,
					later.filter((m) => m.author.id !== thread.ownerId),
				),
			},
			deps.cutoff,
		);
		if (!verdict.catchUp) {
			deps.logger.debug({ threadId: thread.id, reason: verdict.reason }, 'catch-up: thread left to people');
			return 0;
		}
	}
	pending.push(...later);
	for (const message of pending) void deps.enqueue(thread, message);
	return pending.length;
}

/** When a thread was created: its metadata's timestamp, else its snowflake's (a forum post's id is its creation). */
export const threadCreatedAt = (thread: ThreadChannel): number =>
	thread.createdTimestamp ?? SnowflakeUtil.timestampFrom(thread.id);

async function someStaff(deps: CatchUpDeps, messages: readonly Message<true>[]): Promise<boolean> {
	for (const message of messages) if (await deps.isStaff(message)) return true;
	return false;
}
