import {
	ActionRowBuilder,
	ButtonBuilder,
	type ButtonInteraction,
	ButtonStyle,
	type ChatInputCommandInteraction,
	type RepliableInteraction,
} from 'discord.js';
import { threadLink } from '../escalation/summary.js';
import { type PosterLanguage, posterLanguageOf, t } from '../i18n/messages.js';
import { DISCORD_MESSAGE_LIMIT, truncate } from '../message-text.js';
import { readingOf, readThread, type ThreadReading } from '../thread/escalate.js';
import { formatReportText, parseSince } from '../thread/gap-report-text.js';
import {
	describeThread,
	escalateByModerator,
	handleFeedback,
	type ThreadActionResult,
	type ThreadRef,
} from '../thread/interactions.js';
import { learnFromSolved } from '../thread/learn-solved.js';
import { feedbackId, parseCustomId } from './custom-id.js';
import { answerInteraction, deferInteraction, NotAcknowledged, replyPrivately } from './deferred.js';
import { disableFeedbackButtons } from './disable-feedback.js';
import { type InteractionDeps, memberAuthor } from './interaction-common.js';

/** "Solved it" / "Didn't help" under every answer. */
export function feedbackButtons(threadId: string, lang: PosterLanguage = 'en'): ActionRowBuilder<ButtonBuilder> {
	return new ActionRowBuilder<ButtonBuilder>().addComponents(
		new ButtonBuilder()
			.setCustomId(feedbackId('solved', threadId))
			.setLabel(t(lang, 'button.solved'))
			.setStyle(ButtonStyle.Success),
		new ButtonBuilder()
			.setCustomId(feedbackId('didnt_help', threadId))
			.setLabel(t(lang, 'button.didntHelp'))
			.setStyle(ButtonStyle.Secondary),
	);
}

/**
 * Reads the whole thread for a hand-off: every owner message up to now, and what the bot last answered. Reading runs
 * the advisor (and the LLM, when on), which can take longer than Discord's 3 s: the interaction is deferred first.
 */
function reader(
	deps: InteractionDeps,
	interaction: ChatInputCommandInteraction<'cached'> | ButtonInteraction<'cached'>,
	threadId: string,
	ref: string,
): () => Promise<ThreadReading> {
	return async () => {
		if (!(await deferInteraction(interaction, deps.logger, ref))) throw new NotAcknowledged();
		const owner = await deps.loadOwnerThread(threadId);
		return owner === null ? readingOf(null) : await readThread(deps.advisor, owner);
	};
}

/**
 * Tells the presser (or the thread) the result, then applies tag and queue changes. The change is already stored:
 * tag and queue follow it even when the answer cannot be delivered (an interaction that expired, say).
 */
async function deliver(
	deps: InteractionDeps,
	interaction: ChatInputCommandInteraction<'cached'> | ButtonInteraction<'cached'>,
	threadId: string,
	result: ThreadActionResult,
	ref: string,
): Promise<void> {
	const post = result.post;
	const done = t(posterLanguageOf(interaction.locale) ?? 'en', 'interaction.donePosted');
	if (post !== undefined) {
		// A hand-off goes out as a thread message from the reply ledger (nonce, marked sent), not as the interaction's
		// follow-up, which no restart could re-send; a command's "thinking…" is then filled in with a private "done".
		await deps.sendReply(threadId, post, ref);
		if (interaction.isChatInputCommand()) await answerInteraction(interaction, done, 'private', deps.logger, ref);
	} else {
		await answerInteraction(interaction, result.message, result.visibility, deps.logger, ref, done);
	}
	if (result.state !== null) await deps.applyState(threadId, result.state, ref);
	if (result.escalation !== null) await deps.queue.post(result.escalation.id, result.escalation.queue, ref);
	if (result.refresh !== undefined) await deps.queue.refresh(result.refresh.id, result.refresh.queue, ref);
}

/** `/doorman triage text:`: what the bot would reply to some text, for the presser only. */
export async function doormanTriage(
	deps: InteractionDeps,
	interaction: ChatInputCommandInteraction<'cached'>,
	ref: string,
): Promise<void> {
	const text = interaction.options.getString('text', true);
	// The advisor may call the LLM: acknowledge first.
	if (!(await deferInteraction(interaction, deps.logger, ref))) return;
	const { advice } = await deps.advisor({ title: '', body: text, attachments: [] });
	await answerInteraction(interaction, truncate(advice.content, DISCORD_MESSAGE_LIMIT), 'private', deps.logger, ref);
}

/** `/doorman status` (in a forum post): the thread's state, the answer paths so far, whether screenshots are read. */
export async function doormanStatus(
	deps: InteractionDeps,
	interaction: ChatInputCommandInteraction<'cached'>,
	ref: string,
): Promise<void> {
	const lang = deps.moderatorLanguage;
	const paths = deps.answerPaths.counts();
	const pathLine = t(lang, 'mod.thread.paths', {
		kb: paths.kb,
		phrased: paths['llm-phrased'],
		assisted: paths['llm-assisted'],
	});
	const ocr = deps.ocrStatus?.();
	const ocrLine =
		ocr === undefined
			? ''
			: `\n${t(lang, ocr.available ? 'mod.thread.ocrRead' : 'mod.thread.ocrNot', { detail: ocr.detail })}`;
	await replyPrivately(
		deps.logger,
		interaction,
		`${describeThread(deps.ports, interaction.channelId, lang)}\n${pathLine}${ocrLine}`,
		ref,
	);
}

/** `/doorman escalate` (in a forum post): a moderator hands the thread to the team. */
export async function doormanEscalate(
	deps: InteractionDeps,
	interaction: ChatInputCommandInteraction<'cached'>,
	ref: string,
): Promise<void> {
	const threadRef: ThreadRef = {
		guildId: interaction.guildId,
		threadId: interaction.channelId,
		title: interaction.channel?.name ?? '',
		eventId: interaction.id,
		eventAt: interaction.createdTimestamp,
	};
	const actor = memberAuthor(interaction.member, deps.roles);
	const result = await escalateByModerator(
		deps.ports,
		threadRef,
		actor,
		reader(deps, interaction, interaction.channelId, ref),
	);
	await deliver(deps, interaction, interaction.channelId, result, ref);
}

/** A `/doorman` subcommand that speaks of the thread it is used in: elsewhere it says where to use it. */
export function inForumPost(
	handler: (deps: InteractionDeps, interaction: ChatInputCommandInteraction<'cached'>, ref: string) => Promise<void>,
) {
	return async (deps: InteractionDeps, interaction: ChatInputCommandInteraction<'cached'>, ref: string) => {
		if (interaction.channel?.isThread() === true) return handler(deps, interaction, ref);
		const sub = interaction.options.getSubcommand(false) ?? '';
		const lang = posterLanguageOf(interaction.locale) ?? 'en';
		await replyPrivately(deps.logger, interaction, t(lang, 'interaction.useInThread', { sub }), ref);
	};
}

/** `/doorman report`: the knowledge-gap report as text, for moderators only. */
export async function doormanReport(
	deps: InteractionDeps,
	interaction: ChatInputCommandInteraction<'cached'>,
	ref: string,
): Promise<void> {
	if (!memberAuthor(interaction.member, deps.roles).isModerator) {
		// A member is refused in their own Discord language; the report itself is in the moderators'.
		const content = t(posterLanguageOf(interaction.locale) ?? 'en', 'mod.report.refusal');
		await replyPrivately(deps.logger, interaction, content, ref);
		return;
	}
	const lang = deps.moderatorLanguage;
	const since = parseSince(interaction.options.getString('since') ?? '30d', deps.ports.clock.now());
	if (since === null || !deps.report) {
		const content = t(lang, since === null ? 'mod.report.badSince' : 'mod.report.unavailable');
		await replyPrivately(deps.logger, interaction, content, ref);
		return;
	}
	const text = formatReportText(deps.report(since), { rows: 5 }, lang).replace(/```/g, "'''");
	const fenced = (body: string) => `\`\`\`\n${body}\n\`\`\``;
	// Discord's message limit: a longer report is cut at a line; the full one is `doorman report --html FILE`.
	const content = truncate(text, DISCORD_MESSAGE_LIMIT - fenced('').length, `\n${t(lang, 'mod.report.truncated')}`);
	await replyPrivately(deps.logger, interaction, fenced(content), ref);
}

/** "Solved it" / "Didn't help" under an answer. */
export async function onFeedbackButton(
	deps: InteractionDeps,
	interaction: ButtonInteraction<'cached'>,
	ref: string,
): Promise<void> {
	const parsed = parseCustomId(interaction.customId);
	if (parsed === null) {
		await replyStaleButton(deps, interaction, ref);
		return;
	}
	const actor = memberAuthor(interaction.member, deps.roles);
	const threadRef: ThreadRef = {
		guildId: interaction.guildId,
		threadId: parsed.threadId,
		title: interaction.channel?.isThread() ? interaction.channel.name : '',
		eventId: interaction.id,
		eventAt: interaction.createdTimestamp,
		// Discord tells the presser's language; one the bot does not speak gets English (never a half translation).
		lang: posterLanguageOf(interaction.locale) ?? 'en',
	};
	const result = await handleFeedback(
		deps.ports,
		threadRef,
		actor,
		parsed.action,
		reader(deps, interaction, parsed.threadId, ref),
	);
	await deliver(deps, interaction, parsed.threadId, result, ref);
	if (result.state !== null) deps.reportLog?.feedback(parsed.threadId, parsed.action, deps.ports.clock.now());
	const owner = deps.ports.threads.get(parsed.threadId)?.ownerId;
	if (parsed.action === 'solved' && result.state === 'solved' && actor.id === owner && deps.learning) {
		const learned = await learnFromSolved(deps.learning, deps.advisor, {
			source: threadLink(interaction.guildId, parsed.threadId),
			threadId: parsed.threadId,
			actor,
			owner: await deps.loadOwnerThread(parsed.threadId),
		});
		deps.logger.info({ ref, threadId: parsed.threadId, caseId: learned?.id ?? null }, 'poster confirmed the cause');
	}
	if (result.disableFeedback !== undefined)
		await disableFeedbackButtons(interaction, result.disableFeedback, deps.logger, ref);
	deps.logger.info({ ref, threadId: parsed.threadId, action: parsed.action }, 'feedback');
}

/** A button or menu this version of the bot does not know (from an older version, say): nothing is done. */
export async function replyStaleButton(
	deps: InteractionDeps,
	interaction: RepliableInteraction<'cached'>,
	ref: string,
): Promise<void> {
	await replyPrivately(
		deps.logger,
		interaction,
		t(posterLanguageOf(interaction.locale) ?? 'en', 'interaction.staleButton'),
		ref,
	);
}
