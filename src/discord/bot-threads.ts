import { Events, type Message, type ThreadChannel } from 'discord.js';
import { newRef } from '../log.js';
import type { BotContext } from './bot-context.js';
import { handleNewMessage } from './bot-messages.js';
import { DiscordCode, discordCall, failureCode } from './discord-call.js';

/** How long the starter message may take to arrive on the gateway before it is fetched over REST. */
const STARTER_GRACE_MS = 1500;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The starter message normally follows THREAD_CREATE on the gateway and is handled as a message.
 * If it has not been handled shortly after, fetch it (it can lag, and fetching too early fails).
 */
export function listenForNewThreads(ctx: BotContext): void {
	const { ports, lifecycle, logger } = ctx;
	ctx.client.on(Events.ThreadCreate, (thread, newlyCreated) => {
		if (lifecycle.stopping || !newlyCreated || !ctx.isWatched(thread)) return;
		const timer = setTimeout(() => {
			if (lifecycle.stopping || ports.processed.isProcessed(thread.id)) return;
			void ctx.queue.run(thread.id, async () => {
				if (ports.processed.isProcessed(thread.id)) return;
				try {
					const starter = await fetchStarter(ctx, thread);
					if (starter !== null) await handleNewMessage(ctx, starter, thread);
					else logger.warn({ threadId: thread.id }, 'starter message never arrived');
				} catch (error) {
					logger.error({ ref: newRef(), threadId: thread.id, err: error }, 'thread create failed');
				}
			});
		}, STARTER_GRACE_MS);
		timer.unref();
	});
}

/** The starter message can arrive after THREAD_CREATE; fetching too early gives Unknown Message. */
export async function fetchStarter(ctx: BotContext, thread: ThreadChannel): Promise<Message<true> | null> {
	const ref = newRef();
	for (let attempt = 0; attempt < 6; attempt++) {
		const got = await discordCall(ctx.logger, 'fetch-starter', ref, () => thread.fetchStarterMessage(), [
			DiscordCode.UnknownMessage,
		]);
		if (got.ok && got.value !== null) return got.value;
		// Only Unknown Message is worth waiting out; any other failure is logged by discordCall and ends the wait.
		if (!got.ok && failureCode(got.failure) !== DiscordCode.UnknownMessage) return null;
		await sleep(250 * 2 ** attempt);
	}
	return null;
}
