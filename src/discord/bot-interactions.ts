import { newRef } from '../log.js';
import type { BotContext } from './bot-context.js';
import { applyTags, sendIntent } from './bot-replies.js';
import { DiscordCode, discordCall, valueOrNull } from './discord-call.js';
import { registerInteractions } from './interaction-routes.js';
import { loadOwnerThread } from './owner-thread.js';

/** Slash commands and buttons, with what they need of the running bot: sending, tagging, reading a thread. */
export function listenForInteractions(ctx: BotContext): void {
	const { client, ports, logger, options, images } = ctx;
	/** A thread by id; null when it is gone or not a thread (a failure is logged by discordCall). */
	const fetchThread = async (threadId: string, ref: string) => {
		const channel = valueOrNull(
			await discordCall(logger, 'fetch-thread', ref, () => client.channels.fetch(threadId), [
				DiscordCode.UnknownChannel,
			]),
		);
		return channel?.isThread() ? channel : null;
	};
	registerInteractions({
		client,
		ports,
		escalations: ctx.escalations,
		queue: ctx.queueChannel,
		advisor: ctx.advisor,
		answerPaths: ctx.answerPaths,
		logger,
		roles: options.roles,
		moderatorLanguage: options.moderatorLanguage ?? 'en',
		...(images === null ? {} : { ocrStatus: () => images.status() }),
		// While stopping no new interaction is taken (Discord tells the presser it failed; they can press again).
		track: (key, work) => (ctx.lifecycle.stopping ? Promise.resolve() : ctx.queue.run(key, work)),
		learning: ctx.learning ?? null,
		reportLog: ctx.reportLog ?? null,
		report: ctx.report ?? null,
		sendReply: async (threadId, intent, ref) => {
			const thread = await fetchThread(threadId, ref);
			if (thread !== null) await sendIntent(ctx, thread, intent, null, ref);
		},
		applyState: async (threadId, state, ref) => {
			const thread = await fetchThread(threadId, ref);
			if (thread !== null) await applyTags(ctx, thread, state, ref);
		},
		loadOwnerThread: async (threadId) => {
			const thread = await fetchThread(threadId, newRef());
			if (thread === null) return null;
			const ownerId = ports.threads.get(threadId)?.ownerId ?? thread.ownerId;
			if (ownerId === null) return null;
			// Every owner message up to the hand-off, not only the first post.
			return loadOwnerThread(ctx, thread, ownerId, null);
		},
	});
}
