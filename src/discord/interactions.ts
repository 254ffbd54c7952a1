import {
	ActionRowBuilder,
	ButtonBuilder,
	type ButtonInteraction,
	ButtonStyle,
	type ChatInputCommandInteraction,
	Events,
} from 'discord.js';
import { threadLink } from '../escalation/summary.js';
import { type PosterLanguage, posterLanguageOf, t } from '../i18n/messages.js';
import { newRef } from '../log.js';
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
import { onCauseForm, onCauseSelect } from './cause-interactions.js';
import { feedbackId, parseCustomId } from './custom-id.js';
import { answerInteraction, deferInteraction } from './deferred.js';
import { disableFeedbackButtons } from './disable-feedback.js';
import { classify, discordCall } from './discord-call.js';
import { onEscalationButton, onEscalationsCommand } from './escalation-interactions.js';
import { EPHEMERAL, type InteractionDeps, memberAuthor } from './interaction-common.js';

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

/** Routes slash commands and buttons; every reply is ephemeral unless the thread should see it. */
export function registerInteractions(deps: InteractionDeps): void {
	deps.client.on(Events.InteractionCreate, (interaction) => {
		const ref = newRef();
		const run = async () => {
			if (!interaction.inCachedGuild()) return;
			if (interaction.isChatInputCommand()) {
				if (interaction.commandName === 'doorman') await onDoorman(deps, interaction, ref);
				else if (interaction.commandName === 'escalations') await onEscalationsCommand(deps, interaction, ref);
			} else if (interaction.isButton()) {
				if (interaction.customId.startsWith('esc:')) await onEscalationButton(deps, interaction, ref);
				else await onFeedbackButton(deps, interaction, ref);
			} else if (interaction.isStringSelectMenu() && interaction.customId.startsWith('cause:')) {
				await onCauseSelect(deps, interaction);
			} else if (interaction.isModalSubmit() && interaction.customId.startsWith('cause:')) {
				await onCauseForm(deps, interaction, ref);
			}
		};
		const work = () =>
			run().catch((error: unknown) => {
				deps.logger.error({ ref, ...classify(error), err: error, interactionId: interaction.id }, 'interaction failed');
				if (!interaction.isRepliable()) return;
				const lang = posterLanguageOf(interaction.locale) ?? 'en';
				const notice = { content: t(lang, 'interaction.failed', { ref: `\`${ref}\`` }), ...EPHEMERAL };
				// Once deferred, the answer can only come as a follow-up.
				void discordCall(deps.logger, 'interaction-error-notice', ref, async () => {
					if (interaction.replied || interaction.deferred) await interaction.followUp(notice);
					else await interaction.reply(notice);
				});
			});
		// Its own key: an interaction must be acknowledged at once, never wait behind a thread's messages.
		void (deps.track === undefined ? work() : deps.track(`interaction:${interaction.id}`, work));
	});
}

/**
 * Reads the whole thread for a hand-off: every owner message up to now, and what the bot last answered. Reading runs
 * the advisor (and the LLM, when on), which can take longer than Discord's 3 s: the interaction is deferred first.
 */
function reader(
	deps: InteractionDeps,
	interaction: ChatInputCommandInteraction<'cached'> | ButtonInteraction<'cached'>,
	threadId: string,
): () => Promise<ThreadReading> {
	return async () => {
		await deferInteraction(interaction);
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
		if (interaction.isChatInputCommand())
			await discordCall(deps.logger, 'interaction-answer', ref, () => answerInteraction(interaction, done, 'private'));
	} else {
		await discordCall(deps.logger, 'interaction-answer', ref, () =>
			answerInteraction(interaction, result.message, result.visibility, done),
		);
	}
	if (result.state !== null) await deps.applyState(threadId, result.state, ref);
	if (result.escalation !== null) await deps.queue.post(result.escalation.id, result.escalation.queue, ref);
	if (result.refresh !== undefined) await deps.queue.refresh(result.refresh.id, result.refresh.queue, ref);
}

async function onDoorman(deps: InteractionDeps, interaction: ChatInputCommandInteraction<'cached'>, ref: string) {
	const sub = interaction.options.getSubcommand(true);
	const inThread = interaction.channel?.isThread() === true;
	if (sub === 'triage') {
		const text = interaction.options.getString('text', true);
		// The advisor may call the LLM: acknowledge first.
		await deferInteraction(interaction);
		const { advice } = await deps.advisor({ title: '', body: text, attachments: [] });
		await answerInteraction(interaction, truncate(advice.content, DISCORD_MESSAGE_LIMIT), 'private');
		return;
	}
	if (sub === 'report') {
		await replyWithReport(deps, interaction);
		return;
	}
	if (!inThread) {
		const lang = posterLanguageOf(interaction.locale) ?? 'en';
		await interaction.reply({ content: t(lang, 'interaction.useInThread', { sub }), ...EPHEMERAL });
		return;
	}
	if (sub === 'status') {
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
		await interaction.reply({
			content: `${describeThread(deps.ports, interaction.channelId, lang)}\n${pathLine}${ocrLine}`,
			...EPHEMERAL,
		});
		return;
	}
	if (sub === 'escalate') {
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
			reader(deps, interaction, interaction.channelId),
		);
		await deliver(deps, interaction, interaction.channelId, result, ref);
	}
}

/** `/doorman report`: the knowledge-gap report as text, for moderators only. */
async function replyWithReport(deps: InteractionDeps, interaction: ChatInputCommandInteraction<'cached'>) {
	if (!memberAuthor(interaction.member, deps.roles).isModerator) {
		await interaction.reply({ content: 'Only moderators can see the report.', ...EPHEMERAL });
		return;
	}
	const since = parseSince(interaction.options.getString('since') ?? '30d', deps.ports.clock.now());
	if (since === null || !deps.report) {
		const content =
			since === null ? '`since` must be like 30d, 8w or 2026-01-31.' : 'The report is not available here.';
		await interaction.reply({ content, ...EPHEMERAL });
		return;
	}
	const text = formatReportText(deps.report(since), { rows: 5 });
	// Discord's 2,000-character limit: the full report is `doorman report --html FILE`.
	const content = text.length <= 1990 ? text : `${text.slice(0, 1900)}\n… (full report: \`doorman report\`)`;
	await interaction.reply({ content: `\`\`\`\n${content.replace(/```/g, "'''")}\n\`\`\``, ...EPHEMERAL });
}

async function onFeedbackButton(deps: InteractionDeps, interaction: ButtonInteraction<'cached'>, ref: string) {
	const parsed = parseCustomId(interaction.customId);
	if (parsed === null) {
		await interaction.reply({
			content: t(posterLanguageOf(interaction.locale) ?? 'en', 'interaction.staleButton'),
			...EPHEMERAL,
		});
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
		reader(deps, interaction, parsed.threadId),
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
