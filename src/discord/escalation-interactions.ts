import type { ButtonInteraction, ChatInputCommandInteraction } from 'discord.js';
import { parseEscalationCustomId } from '../escalation/custom-id.js';
import { describeStatus, statusName } from '../escalation/queue-message.js';
import { AUDIT_ACTIONS, ESCALATION_STATUSES, type ModeratorAction } from '../escalation/types.js';
import { type MessageKey, type PosterLanguage, t } from '../i18n/messages.js';
import { DISCORD_MESSAGE_LIMIT, truncate } from '../message-text.js';
import { moderate } from '../thread/moderation.js';
import { askForCause, causeOption, confirmAndResolve } from './cause-interactions.js';
import { EPHEMERAL, type InteractionDeps, memberAuthor, refusalFor } from './interaction-common.js';
import { renderQueue } from './moderator-queue.js';

const auditAction = (action: string, lang: PosterLanguage): string =>
	(AUDIT_ACTIONS as readonly string[]).includes(action) ? t(lang, `mod.audit.${action}` as MessageKey) : action;

/** Claim / Email support / Resolve / Dismiss / Unmute bot on a queue message. */
export async function onEscalationButton(deps: InteractionDeps, interaction: ButtonInteraction<'cached'>, ref: string) {
	const actor = memberAuthor(interaction.member, deps.roles);
	if (!actor.isModerator) {
		await interaction.reply({ content: refusalFor(interaction.locale), ...EPHEMERAL });
		return;
	}
	const lang = deps.moderatorLanguage;
	const parsed = parseEscalationCustomId(interaction.customId);
	if (parsed === null) {
		await interaction.reply({ content: t(lang, 'mod.staleButton'), ...EPHEMERAL });
		return;
	}
	// Resolving asks for the cause first (a menu only the moderator sees); the choice resolves it.
	if (parsed.action === 'resolve') {
		await askForCause(deps, interaction, parsed.escalationId);
		return;
	}
	// Sending email can take longer than Discord's 3-second window: acknowledge first, then edit.
	await interaction.deferUpdate();
	const { result, thread } = await moderate(deps.ports, deps.escalations, parsed.action, parsed.escalationId, actor);
	if ('queue' in result) await interaction.editReply(renderQueue(result.queue));
	if (result.kind !== 'ok' && result.kind !== 'sent') {
		const record = 'escalation' in result ? result.escalation : null;
		const message =
			'message' in result ? result.message : record === null ? t(lang, 'mod.notFound') : describeStatus(record, lang);
		await interaction.followUp({ content: message, ...EPHEMERAL });
	}
	if (thread !== null) await deps.applyState(thread.id, thread.state, ref);
	deps.logger.info(
		{ ref, escalationId: parsed.escalationId, action: parsed.action, result: result.kind },
		'moderation',
	);
}

/** `/escalations list|show|resolve|reopen`, ephemeral, for moderators. */
export async function onEscalationsCommand(
	deps: InteractionDeps,
	interaction: ChatInputCommandInteraction<'cached'>,
	ref: string,
) {
	const actor = memberAuthor(interaction.member, deps.roles);
	if (!actor.isModerator) {
		await interaction.reply({ content: refusalFor(interaction.locale), ...EPHEMERAL });
		return;
	}
	const lang = deps.moderatorLanguage;
	const sub = interaction.options.getSubcommand(true);
	if (sub === 'list') {
		const status = interaction.options.getString('status');
		const page = interaction.options.getInteger('page') ?? 1;
		const list = deps.escalations.list(ESCALATION_STATUSES.find((s) => s === status) ?? null, page);
		const lines = list.items.map(
			(e) =>
				`**#${e.id}** · ${statusName(e.status, lang)} · <#${e.threadId}> · ${e.cause ?? t(lang, 'mod.list.causeUnknown')}${e.confidence === null ? '' : ` (${Math.round(e.confidence * 100)}%)`}`,
		);
		const header = t(lang, 'mod.list.header', {
			total: list.total,
			status: list.status === null ? 'all' : statusName(list.status, lang),
			page: String(list.page),
			pages: String(Math.max(1, list.pageCount)),
		});
		const next = `\`/escalations list page:${list.page + 1}\``;
		const more = list.page < list.pageCount ? `\n${t(lang, 'mod.list.next', { command: next })}` : '';
		const body = lines.join('\n') || t(lang, 'mod.list.empty');
		await interaction.reply({ content: `${header}\n${body}${more}`, ...EPHEMERAL });
		return;
	}
	if (sub === 'withdraw-case') {
		const caseId = interaction.options.getInteger('case', true);
		const withdrawn = deps.learning?.store.withdraw(caseId, actor.id, deps.learning.now()) ?? false;
		deps.logger.info({ ref, caseId, withdrawn }, 'community case withdrawn');
		await interaction.reply({
			content: t(lang, withdrawn ? 'mod.caseWithdrawn' : 'mod.caseNotWithdrawn', { id: String(caseId) }),
			...EPHEMERAL,
		});
		return;
	}
	const id = interaction.options.getInteger('id', true);
	if (sub === 'show') {
		const details = deps.escalations.show(id);
		if (details === null) {
			await interaction.reply({ content: t(lang, 'mod.noEscalation', { id: String(id) }), ...EPHEMERAL });
			return;
		}
		const audit = details.audit
			.map(
				(a) =>
					`• <t:${Math.floor(a.at / 1000)}:f> ${a.actorName}: ${auditAction(a.action, lang)}${a.detail ? ` — ${a.detail}` : ''}`,
			)
			.join('\n');
		const content = `${details.queue.content}\n\n${t(lang, 'mod.audit.heading')}\n${audit}`;
		await interaction.reply({ content: truncate(content, DISCORD_MESSAGE_LIMIT), ...EPHEMERAL });
		return;
	}
	const note = interaction.options.getString('note');
	if (sub === 'resolve') {
		const cause = causeOption(interaction.options.getString('cause'));
		if (cause === null) await askForCause(deps, interaction, id);
		else if (!cause.ok)
			await interaction.reply({ content: t(lang, 'mod.notResolved', { problem: cause.problem }), ...EPHEMERAL });
		else {
			await interaction.deferReply(EPHEMERAL);
			await interaction.editReply({ content: await confirmAndResolve(deps, id, actor, cause.value, note, ref) });
		}
		return;
	}
	const action: ModeratorAction = 'reopen';
	const { result, thread } = await moderate(deps.ports, deps.escalations, action, id, actor, note);
	const message =
		'message' in result
			? result.message
			: t(lang, 'mod.nowStatus', {
					id: String(id),
					status: 'escalation' in result ? statusName(result.escalation.status, lang) : '?',
				});
	await interaction.reply({ content: message, ...EPHEMERAL });
	if ('queue' in result) await deps.queue.refresh(id, result.queue, ref);
	if (thread !== null) await deps.applyState(thread.id, thread.state, ref);
}
