import { ActionRowBuilder, type ButtonBuilder, type ThreadChannel } from 'discord.js';
import { answerLanguage, detectLanguage } from '../i18n/detect.js';
import type { PlannedReply } from '../thread/handle.js';
import type { ReplyIntent } from '../thread/ports.js';
import type { BotContext } from './bot-context.js';
import { discordCall } from './discord-call.js';
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

/** Sends a recorded reply; `replyTo` null: a plain message (a hand-off a button or command caused). */
export async function sendIntent(
	ctx: BotContext,
	thread: ThreadChannel,
	intent: ReplyIntent,
	replyTo: string | null,
	ref: string,
): Promise<boolean> {
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
		return true;
	}
	if (sent.failure.kind === 'gone' || sent.failure.kind === 'forbidden') ports.replies.markDropped(intent.id);
	return false;
}

/** Carries out a planned reply: its messages in order (stopping at the first that fails), the tag, the queue. */
export async function performPlan(
	ctx: BotContext,
	thread: ThreadChannel,
	plan: PlannedReply,
	ref: string,
): Promise<void> {
	for (const intent of plan.intents) if (!(await sendIntent(ctx, thread, intent, plan.replyTo, ref))) return;
	await discordCall(ctx.logger, 'set-tags', ref, () => ctx.tagger.apply(thread, plan.state));
	if (plan.escalation !== null) await ctx.queueChannel.post(plan.escalation.id, plan.escalation.queue, ref);
	if (plan.resolved !== undefined) await ctx.queueChannel.refresh(plan.resolved.id, plan.resolved.queue, ref);
}
