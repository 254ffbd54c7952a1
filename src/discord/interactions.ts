import {
	ActionRowBuilder,
	ButtonBuilder,
	type ButtonInteraction,
	ButtonStyle,
	type ChatInputCommandInteraction,
	Events,
} from 'discord.js';
import { type PosterLanguage, posterLanguageOf, t } from '../i18n/messages.js';
import { newRef } from '../log.js';
import { readingOf, readThread, type ThreadReading } from '../thread/escalate.js';
import {
	describeThread,
	escalateByModerator,
	handleFeedback,
	type ThreadActionResult,
	type ThreadRef,
} from '../thread/interactions.js';
import { feedbackId, parseCustomId } from './custom-id.js';
import { answerInteraction, deferInteraction } from './deferred.js';
import { disableFeedbackButtons } from './disable-feedback.js';
import { discordCall } from './discord-call.js';
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
			}
		};
		const work = () =>
			run().catch((error: unknown) => {
				deps.logger.error({ ref, err: error, interactionId: interaction.id }, 'interaction failed');
				if (!interaction.isRepliable()) return;
				const lang = posterLanguageOf(interaction.locale) ?? 'en';
				const notice = { content: t(lang, 'interaction.failed', { ref: `\`${ref}\`` }), ...EPHEMERAL };
				// Once deferred, the answer can only come as a follow-up.
				const told =
					interaction.replied || interaction.deferred ? interaction.followUp(notice) : interaction.reply(notice);
				void told.catch(() => {});
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
	await discordCall(deps.logger, 'interaction-answer', ref, () =>
		answerInteraction(
			interaction,
			result.message,
			result.visibility,
			t(posterLanguageOf(interaction.locale) ?? 'en', 'interaction.donePosted'),
		),
	);
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
		await answerInteraction(interaction, advice.content.slice(0, 2000), 'private');
		return;
	}
	if (!inThread) {
		await interaction.reply({ content: `Use \`/doorman ${sub}\` inside a forum post.`, ...EPHEMERAL });
		return;
	}
	if (sub === 'status') {
		const paths = deps.answerPaths.counts();
		const pathLine = `**Answers so far (all threads):** kb ${paths.kb}, llm-phrased ${paths['llm-phrased']}, llm-assisted ${paths['llm-assisted']}`;
		const ocr = deps.ocrStatus?.();
		const ocrLine =
			ocr === undefined
				? ''
				: `\n**Screenshots (OCR):** ${ocr.available ? `read (${ocr.detail})` : `not read here: ${ocr.detail}; I ask for the error as text`}`;
		await interaction.reply({
			content: `${describeThread(deps.ports, interaction.channelId)}\n${pathLine}${ocrLine}`,
			...EPHEMERAL,
		});
		return;
	}
	if (sub === 'escalate') {
		const threadRef: ThreadRef = {
			guildId: interaction.guildId,
			threadId: interaction.channelId,
			title: interaction.channel?.name ?? '',
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
	if (result.disableFeedback !== undefined)
		await disableFeedbackButtons(interaction, result.disableFeedback, deps.logger, ref);
	deps.logger.info({ ref, threadId: parsed.threadId, action: parsed.action }, 'feedback');
}
