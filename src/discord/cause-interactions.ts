import {
	ActionRowBuilder,
	type ButtonInteraction,
	type ChatInputCommandInteraction,
	ModalBuilder,
	type ModalSubmitInteraction,
	StringSelectMenuBuilder,
	type StringSelectMenuInteraction,
	TextInputBuilder,
	TextInputStyle,
} from 'discord.js';
import { causeCustomId, causeOptions, FORM_FIELDS, NEW_CAUSE, parseCauseCustomId } from '../escalation/cause-choice.js';
import { describeStatus } from '../escalation/queue-message.js';
import { t } from '../i18n/messages.js';
import { type ConfirmedCause, parseConfirmedCause } from '../kb/community-case.js';
import { resolveWithCause } from '../thread/resolve-with-cause.js';
import { deferInteraction, interactionCall, moderatorOrRefuse, replyPrivately } from './deferred.js';
import { EPHEMERAL, type InteractionDeps } from './interaction-common.js';

/** The select menu that asks a moderator for the cause before an escalation is resolved. */
export function causeMenu(deps: InteractionDeps, escalationId: number) {
	const lang = deps.moderatorLanguage;
	const guess = deps.escalations.show(escalationId)?.escalation.cause ?? null;
	const menu = new StringSelectMenuBuilder()
		.setCustomId(causeCustomId('pick', escalationId))
		.setPlaceholder(t(lang, 'mod.cause.placeholder'))
		.addOptions(
			causeOptions([guess], t(lang, 'mod.cause.new')).map((o) => ({
				value: o.value,
				label: o.label,
				...(o.guess ? { description: t(lang, 'mod.cause.guess') } : {}),
			})),
		);
	return {
		content: t(lang, 'mod.cause.ask', { id: String(escalationId) }),
		components: [new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(menu)],
		...EPHEMERAL,
	};
}

/** Resolve pressed (or `/escalations resolve` without a cause): ask for the cause, privately. */
export async function askForCause(
	deps: InteractionDeps,
	interaction: ButtonInteraction<'cached'> | ChatInputCommandInteraction<'cached'>,
	escalationId: number,
	ref: string,
): Promise<void> {
	if (deps.escalations.show(escalationId) === null) {
		const content = t(deps.moderatorLanguage, 'mod.noEscalation', { id: String(escalationId) });
		await replyPrivately(deps.logger, interaction, content, ref);
		return;
	}
	const menu = causeMenu(deps, escalationId);
	await interactionCall(deps.logger, 'interaction-reply', ref, () => interaction.reply(menu));
}

/** A cause picked in the menu: a form for an optional note on the fix (and the name, for a new cause). */
export async function onCauseSelect(
	deps: InteractionDeps,
	interaction: StringSelectMenuInteraction<'cached'>,
	ref: string,
): Promise<void> {
	if ((await moderatorOrRefuse(deps, interaction, ref)) === null) return;
	const parsed = parseCauseCustomId(interaction.customId);
	const value = interaction.values[0];
	if (parsed === null || parsed.step !== 'pick' || value === undefined) {
		await replyPrivately(deps.logger, interaction, t(deps.moderatorLanguage, 'mod.staleControl'), ref);
		return;
	}
	const lang = deps.moderatorLanguage;
	const note = new TextInputBuilder()
		.setCustomId(FORM_FIELDS.note)
		.setLabel(t(lang, 'mod.cause.noteLabel'))
		.setStyle(TextInputStyle.Paragraph)
		.setRequired(false)
		.setMaxLength(500);
	const isNew = value === NEW_CAUSE;
	const modal = new ModalBuilder()
		.setCustomId(isNew ? causeCustomId('new', parsed.escalationId) : causeCustomId('note', parsed.escalationId, value))
		.setTitle(
			(isNew
				? t(lang, 'mod.cause.newTitle', { id: String(parsed.escalationId) })
				: t(lang, 'mod.cause.resolveTitle', { id: String(parsed.escalationId), cause: value })
			).slice(0, 45),
		);
	const rows: ActionRowBuilder<TextInputBuilder>[] = [];
	if (isNew) {
		const name = new TextInputBuilder()
			.setCustomId(FORM_FIELDS.name)
			.setLabel(t(lang, 'mod.cause.nameLabel'))
			.setStyle(TextInputStyle.Short)
			.setRequired(true)
			.setMinLength(3)
			.setMaxLength(60);
		rows.push(new ActionRowBuilder<TextInputBuilder>().addComponents(name));
	}
	rows.push(new ActionRowBuilder<TextInputBuilder>().addComponents(note));
	await interactionCall(deps.logger, 'interaction-modal', ref, () =>
		interaction.showModal(modal.addComponents(...rows)),
	);
}

/** The form sent: resolve with the cause, learn the case, and update the queue message and the thread's tag. */
export async function onCauseForm(deps: InteractionDeps, interaction: ModalSubmitInteraction<'cached'>, ref: string) {
	const actor = await moderatorOrRefuse(deps, interaction, ref);
	if (actor === null) return;
	const parsed = parseCauseCustomId(interaction.customId);
	if (parsed === null || parsed.step === 'pick') {
		await replyPrivately(deps.logger, interaction, t(deps.moderatorLanguage, 'mod.staleControl'), ref);
		return;
	}
	const field = (id: string): string | null => {
		const found = interaction.fields.fields.find((f) => f.customId === id);
		return found !== undefined && 'value' in found && typeof found.value === 'string' ? found.value : null;
	};
	const cause = parseConfirmedCause(parsed.step === 'new' ? (field(FORM_FIELDS.name) ?? '') : (parsed.cause ?? ''));
	if (!cause.ok) {
		const content = t(deps.moderatorLanguage, 'mod.notResolved', { problem: cause.problem });
		await replyPrivately(deps.logger, interaction, content, ref);
		return;
	}
	if (!(await deferInteraction(interaction, deps.logger, ref))) return;
	const content = await confirmAndResolve(deps, parsed.escalationId, actor, cause.value, field(FORM_FIELDS.note), ref);
	await interactionCall(deps.logger, 'interaction-edit', ref, () => interaction.editReply({ content }));
}

/** Resolves with a confirmed cause and applies the queue and tag changes; returns what to tell the moderator. */
export async function confirmAndResolve(
	deps: InteractionDeps,
	escalationId: number,
	actor: { readonly id: string; readonly name: string },
	cause: ConfirmedCause,
	note: string | null,
	ref: string,
): Promise<string> {
	const { result, thread, learned } = await resolveWithCause(
		{ ...deps, learning: deps.learning ?? null },
		escalationId,
		actor,
		cause,
		note,
	);
	if ('queue' in result) await deps.queue.refresh(escalationId, result.queue, ref);
	if (thread !== null) await deps.applyState(thread.id, thread.state, ref);
	deps.logger.info(
		{ ref, escalationId, cause: cause.cause, result: result.kind, caseId: learned?.id },
		'resolved with cause',
	);
	const lang = deps.moderatorLanguage;
	if (result.kind !== 'ok') {
		if ('message' in result) return result.message;
		return 'escalation' in result ? describeStatus(result.escalation, lang) : t(lang, 'mod.notFound');
	}
	return t(lang, 'mod.cause.resolved', {
		id: String(escalationId),
		cause: cause.cause,
		isNew: cause.isNew ? 'yes' : 'no',
		learned: learned === null ? 'none' : learned.learned ? 'yes' : 'off',
		caseId: learned === null ? '' : String(learned.id),
	});
}

/** Reads `/escalations resolve cause:`; null when the option was not given. */
export function causeOption(value: string | null): ReturnType<typeof parseConfirmedCause> | null {
	return value === null || value.trim() === '' ? null : parseConfirmedCause(value);
}
