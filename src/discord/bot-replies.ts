import { ActionRowBuilder, type ButtonBuilder, type ThreadChannel } from 'discord.js';
import { answerLanguage, detectLanguage } from '../i18n/detect.js';
import type { PlannedReply } from '../thread/planned-reply.js';
import type { ReplyIntent } from '../thread/ports.js';
import type { ThreadState } from '../thread/state.js';
import type { BotContext } from './bot-context.js';
import { discordCall } from './discord-call.js';
import type { DiscordEffectLog } from './discord-effects.js';
import { feedbackButtons } from './interactions.js';

/** Answers carry both feedback buttons; a "works now" reply offers only "Solved it". */
export function componentsFor(kind: string, threadId: string, content: string): ActionRowBuilder<ButtonBuilder>[] {
	// Labels in the language the reply is written in (read from the reply itself, so a resend after a crash matches).
	const lang = answerLanguage(detectLanguage(content), 'en');
	if (kind === 'answer') return [feedbackButtons(threadId, lang)];
	const solved = feedbackButtons(threadId, lang).components[0];
	if (kind === 'offer_solved' && solved !== undefined)
		return [new ActionRowBuilder<ButtonBuilder>().addComponents(solved)];
	return [];
}

/**
 * Sends a recorded reply; `replyTo` null: a plain message (a hand-off a button or command caused). `pending`: not
 * sent for now (a network or server failure), left for the next start.
 */
export async function sendIntent(
	ctx: BotContext,
	thread: ThreadChannel,
	intent: ReplyIntent,
	replyTo: string | null,
	ref: string,
): Promise<'sent' | 'dropped' | 'pending'> {
	const { ports, metrics } = ctx;
	const sent = await discordCall(ctx.logger, 'reply', ref, () =>
		thread.send({
			content: intent.content,
			// Answers carry the feedback buttons; rebuilt from the kind so a resend after a crash is identical.
			components: componentsFor(intent.kind, thread.id, intent.content),
			...(replyTo === null ? {} : { reply: { messageReference: replyTo, failIfNotExists: false } }),
			nonce: intent.nonce,
			enforceNonce: true,
			allowedMentions: { parse: [] },
		}),
	);
	if (sent.ok) {
		ports.replies.markSent(intent.id, sent.value.id, ports.clock.now());
		metrics.repliesSent.inc({ kind: intent.kind });
		return 'sent';
	}
	if (sent.failure.kind === 'gone' || sent.failure.kind === 'forbidden') {
		ports.replies.markDropped(intent.id);
		return 'dropped';
	}
	return 'pending';
}

/** Writes an effect's record; a failure is logged (the effect goes ahead, not durable), never thrown. */
export function noteEffect(ctx: BotContext, what: string, write: (log: DiscordEffectLog) => void, ref: string): void {
	if (ctx.effects === null) return;
	try {
		write(ctx.effects);
	} catch (error) {
		// After a stop cut a handler short the store may be closed: its effect stays pending, as it should.
		if (!ctx.lifecycle.cutShort) ctx.logger.warn({ ref, err: error }, `could not record ${what}`);
	}
}

/**
 * Gives the post the tag of `state`, recorded first (unless the caller did) and marked done once Discord took it or
 * the post is closed to the bot: a crash or a stop in between leaves it for the next start.
 */
export async function applyTags(
	ctx: BotContext,
	thread: ThreadChannel,
	state: ThreadState,
	ref: string,
	recorded = false,
): Promise<void> {
	if (!recorded) noteEffect(ctx, 'a tag change', (log) => log.recordTags(thread.id, state, ctx.ports.clock.now()), ref);
	const applied = await discordCall(ctx.logger, 'set-tags', ref, () => ctx.tagger.apply(thread, state));
	if (applied.ok || applied.failure.kind === 'gone' || applied.failure.kind === 'forbidden')
		noteEffect(ctx, 'a tag change done', (log) => log.tagsDone(thread.id, state), ref);
}

/** Carries out a planned reply: its messages in order (stopping at the first that fails), the tag, the queue. */
export async function performPlan(
	ctx: BotContext,
	thread: ThreadChannel,
	plan: PlannedReply,
	ref: string,
): Promise<void> {
	// The tag is recorded before the first message is sent, so a crash before it is set leaves it for the next start.
	noteEffect(ctx, 'a tag change', (log) => log.recordTags(thread.id, plan.state, ctx.ports.clock.now()), ref);
	for (const intent of plan.intents) {
		const sent = await sendIntent(ctx, thread, intent, plan.replyTo, ref);
		if (sent === 'dropped') noteEffect(ctx, 'a tag change dropped', (log) => log.tagsDone(thread.id, plan.state), ref);
		if (sent !== 'sent') return;
	}
	await applyTags(ctx, thread, plan.state, ref, true);
	if (plan.escalation !== null) await ctx.queueChannel.post(plan.escalation.id, plan.escalation.queue, ref);
	if (plan.resolved !== undefined) await ctx.queueChannel.refresh(plan.resolved.id, plan.resolved.queue, ref);
}
