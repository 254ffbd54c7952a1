import type { Client, Message, ThreadChannel } from 'discord.js';
import type { Logger } from '../log.js';
import type { ThreadStore } from '../thread/ports.js';

export interface CatchUpDeps {
	readonly client: Client;
	readonly forums: ReadonlySet<string>;
	readonly threads: ThreadStore;
	readonly logger: Logger;
	readonly fetchStarter: (thread: ThreadChannel) => Promise<Message<true> | null>;
	/** Queues one message for handling; the processed ledger makes repeats harmless. */
	readonly enqueue: (thread: ThreadChannel, message: Message<true>) => Promise<void>;
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
	for (const guild of deps.client.guilds.cache.values()) {
		const active = await guild.channels.fetchActiveThreads().catch((error: unknown) => {
			deps.logger.warn({ guildId: guild.id, err: error }, 'catch-up: cannot list active threads');
			return null;
		});
		for (const thread of active?.threads.values() ?? []) {
			if (thread.parentId === null || !deps.forums.has(thread.parentId)) continue;
			queued += await catchUpThread(deps, thread);
		}
	}
	if (queued > 0) deps.logger.info({ queued }, 'catch-up queued messages posted while away');
	return queued;
}

async function catchUpThread(deps: CatchUpDeps, thread: ThreadChannel): Promise<number> {
	const known = deps.threads.get(thread.id);
	const pending: Message<true>[] = [];
	// A thread can be known without any message handled (the process died mid-way): start from its starter.
	if (known === null || known.lastMessageId === null) {
		const starter = await deps.fetchStarter(thread).catch(() => null);
		if (starter !== null) pending.push(starter);
	}
	const after = known?.lastMessageId ?? thread.id;
	const fetched = await thread.messages.fetch({ after, limit: PAGE }).catch(() => null);
	const later = [...(fetched?.values() ?? [])].filter((m) => !m.author.bot && !m.system);
	later.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
	pending.push(...later);
	for (const message of pending) void deps.enqueue(thread, message);
	return pending.length;
}
