import { Events, type Message, type ThreadChannel } from 'discord.js';
import { t } from '../i18n/messages.js';
import { newRef } from '../log.js';
import { handleMessage } from '../thread/handle.js';
import { handleEdit } from '../thread/handle-edit.js';
import type { BotContext } from './bot-context.js';
import { applyTags, componentsFor, performPlan } from './bot-replies.js';
import { threadCreatedAt } from './catch-up.js';
import { discordCall } from './discord-call.js';
import type { KeyRemoval } from './exposed-keys.js';
import { keptOrDownloaded, loadOwnerThread } from './owner-thread.js';
import { toIncoming } from './to-incoming.js';

/** A new message in a watched thread: handled on the thread's queue. */
export function listenForMessages(ctx: BotContext): void {
	const { client, ports, options, lifecycle } = ctx;
	client.on(Events.MessageCreate, (message) => {
		if (lifecycle.stopping || !message.inGuild() || message.author.bot || message.system || message.webhookId !== null)
			return;
		const channel = message.channel;
		if (!channel.isThread() || !ctx.isWatched(channel)) return;
		// A thread from before the bot's first start (less the window) that it never handled stays with people.
		const cutoff = options.catchUpCutoff ?? 0;
		if (threadCreatedAt(channel) < cutoff && ports.threads.get(channel.id) === null) return;
		// The ledger makes a second delivery (catch-up, the ThreadCreate fallback) harmless.
		void ctx.queue.run(channel.id, () => handleNewMessage(ctx, message, channel));
	});
}

/** An edited message in a watched thread: handled on the thread's queue. */
export function listenForEdits(ctx: BotContext): void {
	ctx.client.on(Events.MessageUpdate, (before, after) => {
		if (ctx.lifecycle.stopping || after.partial || !after.inGuild() || after.author.bot || after.webhookId !== null)
			return;
		const channel = after.channel;
		if (!channel.isThread() || !ctx.isWatched(channel)) return;
		// Discord also sends updates for embeds unfurling and pins: only a changed text or attachment list is an edit.
		const sameText = !before.partial && before.content === after.content;
		const sameFiles = !before.partial && before.attachments.size === after.attachments.size;
		if (sameText && sameFiles) return;
		void ctx.queue.run(channel.id, () => handleEditedMessage(ctx, after, channel));
	});
}

/**
 * Translates a message into the core's terms, calls `handleMessage`, and performs its decision; one try/catch logs
 * a ref id (and tells the poster, quoting it). `recovering`: a key removal an earlier run recorded for this message
 * is finished (see `keyRemover`).
 */
export async function handleNewMessage(
	ctx: BotContext,
	message: Message<true>,
	thread: ThreadChannel,
	recovering = false,
): Promise<void> {
	const { ports, metrics, logger, options } = ctx;
	const ref = newRef();
	let removal: KeyRemoval | null = null;
	try {
		// Nothing is downloaded yet: the key scan reads the attachments (below), and the core's reading shares it.
		const incoming = toIncoming(message, thread, ctx.readOptions());
		// A pasted key is reposted redacted first, so the answer can reply to the repost; the original is deleted
		// once the message is handled (in `finally`).
		removal = ports.processed.isProcessed(message.id)
			? null
			: await ctx.removeExposedKey(message, thread, incoming, ref, recovering);
		const repostId = removal?.repostId ?? null;
		const result = await handleMessage(
			ports,
			ctx.triageTurns.advisorFor(ctx.advisor),
			incoming,
			(latest) => loadOwnerThread(ctx, thread, incoming.threadOwnerId, latest),
			options.defaultLanguage === undefined ? {} : { defaultLanguage: options.defaultLanguage },
		);
		const outcome = result.decision.kind === 'reply' ? result.decision.replyKind : result.decision.reason;
		metrics.eventsHandled.inc({ kind: outcome });
		const match = result.assessment?.match ?? null;
		const path = result.assessment?.path ?? 'kb';
		if (outcome === 'answer' && match !== null) metrics.answers.inc({ cause: match.cause, path });
		if (outcome === 'answer') ctx.answerPaths.record(message.id, path, ports.clock.now());
		if (outcome === 'answer' && match !== null)
			ctx.reportLog?.answered(message.id, thread.id, match.entryId, match.cause, ports.clock.now());
		if (outcome === 'abstain') metrics.abstentions.inc();
		if (result.reply?.escalation) metrics.escalations.inc({ state: 'open' });
		logger.info({ ref, threadId: thread.id, messageId: message.id, outcome }, 'message handled');
		if (result.reply !== null)
			await performPlan(ctx, thread, repostId === null ? result.reply : { ...result.reply, replyTo: repostId }, ref);
		ctx.storageNotices.recovered();
	} catch (error) {
		if (ctx.lifecycle.cutShort) {
			// The stop's grace period ended under this handler (the store may be closed): its work stays pending.
			logger.info({ ref, threadId: thread.id, messageId: message.id }, 'handler cut short by the stop');
			return;
		}
		logger.error({ ref, threadId: thread.id, messageId: message.id, err: error }, 'handler failed');
		if (!(await ctx.storageNotices.shouldNotifyPoster(error, ref))) return;
		// Tell the poster something went wrong, quoting the ref a moderator can find in the logs.
		const lang = ctx.languageOfThread(thread.id, thread.name, null);
		await discordCall(logger, 'error-notice', ref, () =>
			thread.send({
				content: t(lang, 'error.readFailed', { ref: `\`${ref}\`` }),
				allowedMentions: { parse: [] },
			}),
		);
	} finally {
		await removal?.complete();
	}
}

/** An owner's edit: read the thread again and edit the bot's reply to that message in place. */
async function handleEditedMessage(ctx: BotContext, message: Message<true>, thread: ThreadChannel): Promise<void> {
	const { logger, options } = ctx;
	const ref = newRef();
	try {
		const read = ctx.readOptions();
		const incoming = toIncoming(message, thread, read, keptOrDownloaded(ctx, thread, message, read));
		await (await ctx.removeExposedKey(message, thread, incoming, ref)).complete();
		// A fetch of the thread returns the edited text; the starter alone when the starter was edited.
		const result = await handleEdit(
			ctx.ports,
			ctx.triageTurns.advisorFor(ctx.advisor),
			incoming,
			(edited) => loadOwnerThread(ctx, thread, incoming.threadOwnerId, edited.isStarter ? edited : null),
			options.defaultLanguage === undefined ? {} : { defaultLanguage: options.defaultLanguage },
		);
		logger.info({ ref, threadId: thread.id, messageId: message.id, outcome: result.reason }, 'edit handled');
		const edit = result.edit;
		if (edit === null) return;
		const edited = await discordCall(logger, 'edit-reply', ref, async () => {
			const reply = await thread.messages.fetch(edit.discordMessageId);
			return reply.edit({
				content: edit.content,
				components: componentsFor(edit.kind, thread.id, edit.content),
				allowedMentions: { parse: [] },
			});
		});
		if (edited.ok) await applyTags(ctx, thread, edit.state, ref);
	} catch (error) {
		if (ctx.lifecycle.cutShort) {
			logger.info({ ref, threadId: thread.id, messageId: message.id }, 'edit handler cut short by the stop');
			return;
		}
		logger.error({ ref, threadId: thread.id, messageId: message.id, err: error }, 'edit handler failed');
	}
}
