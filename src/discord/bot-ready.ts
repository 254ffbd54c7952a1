import { Events, type ThreadChannel } from 'discord.js';
import { newRef } from '../log.js';
import { INTERACTION_HANDOFF_KIND } from '../thread/interactions.js';
import type { BotContext } from './bot-context.js';
import { handleNewMessage } from './bot-messages.js';
import { applyTags, noteEffect, sendIntent } from './bot-replies.js';
import { fetchStarter } from './bot-threads.js';
import { catchUp } from './catch-up.js';
import { ALL_COMMANDS } from './commands.js';
import { DiscordCode, discordCall, valueOrNull } from './discord-call.js';
import { botMessagesAfter, findHeldReply } from './held-messages.js';
import { memberAuthor } from './interaction-common.js';
import { toIncoming } from './to-incoming.js';

/**
 * Catch-up after start and after every gateway resume, one at a time; a resume during one asks for another pass
 * after it (messages it may have missed).
 */
export class CatchUpRunner {
	#running: Promise<void> | null = null;
	#again = false;

	constructor(private readonly ctx: BotContext) {}

	/** Runs a catch-up, or asks the one under way for another pass. */
	run(): Promise<void> {
		if (this.#running !== null) {
			this.#again = true;
			return this.#running;
		}
		this.#running = (async () => {
			do {
				this.#again = false;
				await this.#once();
			} while (this.#again && !this.ctx.lifecycle.stopping);
		})().finally(() => {
			this.#running = null;
		});
		return this.#running;
	}

	/** Resolves when no catch-up is running (one that queues more work as it goes included). */
	async done(): Promise<void> {
		while (this.#running !== null) await this.#running;
	}

	/** A resumed session replays missed events itself, but a session that had to re-identify does not. */
	listenForResumes(): void {
		const { client, lifecycle } = this.ctx;
		client.on(Events.ShardResume, () => {
			if (!lifecycle.stopping) void this.run();
		});
		client.on(Events.ShardReady, () => {
			if (client.isReady() && !lifecycle.stopping) void this.run();
		});
	}

	#once(): Promise<void> {
		const ctx = this.ctx;
		const { client, logger, options } = ctx;
		return catchUp({
			client,
			forums: ctx.forums,
			threads: ctx.ports.threads,
			logger,
			fetchStarter: (thread) => fetchStarter(ctx, thread),
			enqueue: (thread, message) => ctx.queue.run(thread.id, () => handleNewMessage(ctx, message, thread)),
			cutoff: options.catchUpCutoff ?? 0,
			isStaff: async (message) => {
				// A poster who left the server is Unknown Member: not staff.
				const member =
					message.member ??
					valueOrNull(
						await discordCall(logger, 'fetch-member', newRef(), () => message.guild.members.fetch(message.author.id), [
							DiscordCode.UnknownMember,
						]),
					);
				return member !== null && memberAuthor(member, options.roles).isStaff;
			},
			isSolved: (thread) => ctx.tagger.hasStateTag(thread, 'solved'),
			shouldStop: () => ctx.lifecycle.stopping,
		}).then(
			() => undefined,
			(error: unknown) => logger.error({ err: error }, 'catch-up failed'),
		);
	}
}

/** The slash commands, for the configured guild (or globally). */
export async function registerCommands(ctx: BotContext): Promise<void> {
	const { client, options } = ctx;
	await discordCall(ctx.logger, 'register-commands', newRef(), async () => {
		const commands = [...ALL_COMMANDS];
		if (options.guildId === null) await client.application?.commands.set(commands);
		else await client.application?.commands.set(commands, options.guildId);
	});
}

/**
 * Replies recorded but not confirmed before a crash. Discord may already hold one (the run died after Discord
 * stored it): the thread's messages after the one answered are read first, so a restart hours later, past
 * Discord's nonce memory, still sends nothing twice. The rest are sent again with the same nonce.
 */
export async function resendPending(ctx: BotContext, startedAt: number): Promise<void> {
	const { client, ports, logger } = ctx;
	// Only intents left by an earlier run: this run's own are being sent by their handlers right now.
	for (const intent of ports.replies.listPending().filter((i) => i.createdAt < startedAt)) {
		const ref = newRef();
		const fetched = await discordCall(logger, 'fetch-thread', ref, () => client.channels.fetch(intent.threadId), [
			DiscordCode.UnknownChannel,
		]);
		// As for a send: a thread gone or closed to the bot drops the reply; a network or server failure leaves it
		// pending for the next start.
		if (!fetched.ok && fetched.failure.kind !== 'gone' && fetched.failure.kind !== 'forbidden') continue;
		const channel = fetched.ok ? fetched.value : null;
		if (channel === null || !channel.isThread()) {
			ports.replies.markDropped(intent.id);
			continue;
		}
		const held = await botMessagesAfter(channel, { messageId: intent.inReplyTo }, client.user?.id ?? '', logger, ref);
		const claimed = new Set(
			ports.replies.listInThread(channel.id).flatMap((r) => (r.discordMessageId === null ? [] : [r.discordMessageId])),
		);
		const heldId = held === null ? null : findHeldReply(held, intent, claimed);
		if (heldId !== null) {
			ports.replies.markSent(intent.id, heldId, ports.clock.now());
			logger.info({ ref, threadId: channel.id, kind: intent.kind }, 'pending reply found on Discord; not sent again');
		} else {
			// A hand-off caused by a button or command answers an interaction, not a message: it is no reply.
			const sent = await sendIntent(
				ctx,
				channel,
				intent,
				intent.kind === INTERACTION_HANDOFF_KIND ? null : intent.inReplyTo,
				ref,
			);
			if (sent !== 'sent') continue;
		}
		// The run that recorded the reply may have died before it set the tag that goes with it (the state is stored
		// with the reply).
		const state = ports.threads.get(channel.id)?.state;
		if (state !== undefined) await applyTags(ctx, channel, state, ref);
	}
}

/**
 * The other side effects of hand-offs an earlier run did not finish: the moderators' queue message (recorded
 * when Discord already holds it, else posted) and an email send cut short (marked, never re-sent on its own).
 */
export async function finishHandOffs(ctx: BotContext, startedAt: number): Promise<void> {
	const { escalations, queueChannel } = ctx;
	const { unposted, interrupted } = escalations.settleUnfinished(startedAt);
	for (const e of unposted) {
		const createdAt = escalations.show(e.id)?.escalation.createdAt ?? startedAt;
		await queueChannel.postUnposted(e.id, e.queue, createdAt, newRef());
	}
	for (const e of interrupted) await queueChannel.refresh(e.id, e.queue, newRef());
	ctx.logger.info(
		{ queueMessages: unposted.length, interruptedEmails: interrupted.length },
		'unfinished hand-offs from the last run settled',
	);
}

/**
 * Tag changes and key removals an earlier run recorded and did not finish (a crash or a stop cut it short). A tag
 * is set again; a key removal is finished: a message never handled is handled now (removal first, as always); a
 * handled one is reposted unless its repost is on Discord, then deleted. One the bot cannot reach is reported to
 * the moderators; a network failure leaves it for the next start.
 */
export async function finishDiscordEffects(ctx: BotContext, startedAt: number): Promise<void> {
	const { client, logger } = ctx;
	const pending = ctx.effects?.listPending(startedAt) ?? [];
	for (const effect of pending) {
		const ref = newRef();
		const fetched = await discordCall(logger, 'fetch-thread', ref, () => client.channels.fetch(effect.threadId), [
			DiscordCode.UnknownChannel,
		]);
		if (!fetched.ok && fetched.failure.kind !== 'gone' && fetched.failure.kind !== 'forbidden') continue;
		const channel = fetched.ok ? fetched.value : null;
		const thread = channel?.isThread() === true ? (channel as ThreadChannel) : null;
		if (effect.kind === 'forum_tags') {
			if (thread === null)
				noteEffect(ctx, 'a tag change done', (log) => log.tagsDone(effect.threadId, effect.state), ref);
			else await applyTags(ctx, thread, effect.state, ref, true);
			continue;
		}
		if (thread === null) {
			// A thread deleted took the message with it; one closed to the bot keeps the key.
			if (fetched.ok || fetched.failure.kind === 'gone')
				noteEffect(ctx, 'a key removal done', (log) => log.keyRemovalDone(effect.messageId), ref);
			else await ctx.reportUnreachableKey(effect.threadId, effect.messageId, ref);
			continue;
		}
		await finishKeyRemoval(ctx, thread, effect.messageId, ref);
	}
	logger.info({ effects: pending.length }, 'unfinished tag changes and key removals from the last run settled');
}

async function finishKeyRemoval(ctx: BotContext, thread: ThreadChannel, messageId: string, ref: string): Promise<void> {
	const fetched = await discordCall(ctx.logger, 'fetch-message', ref, () => thread.messages.fetch(messageId), [
		DiscordCode.UnknownMessage,
	]);
	if (!fetched.ok) {
		if (fetched.failure.kind === 'gone')
			noteEffect(ctx, 'a key removal done', (log) => log.keyRemovalDone(messageId), ref);
		else if (fetched.failure.kind === 'forbidden') await ctx.reportUnreachableKey(thread.id, messageId, ref);
		return;
	}
	const message = fetched.value;
	// Never handled: handled now, on the thread's queue like any message (the removal comes first in it).
	if (!ctx.ports.processed.isProcessed(message.id)) {
		void ctx.queue.run(thread.id, () => handleNewMessage(ctx, message, thread, true));
		return;
	}
	const incoming = toIncoming(message, thread, ctx.readOptions());
	await (await ctx.removeExposedKey(message, thread, incoming, ref, true)).complete();
}
