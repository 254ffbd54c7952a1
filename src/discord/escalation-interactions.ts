import type { ButtonInteraction, ChatInputCommandInteraction } from 'discord.js';
import { parseEscalationCustomId } from '../escalation/custom-id.js';
import { describeStatus, statusName } from '../escalation/queue-message.js';
import { AUDIT_ACTIONS, ESCALATION_STATUSES } from '../escalation/types.js';
import { type MessageKey, type PosterLanguage, t } from '../i18n/messages.js';
import { DISCORD_MESSAGE_LIMIT, truncate } from '../message-text.js';
import type { Author } from '../model.js';
import { moderate } from '../thread/moderation.js';
import { askForCause, causeOption, confirmAndResolve } from './cause-interactions.js';
import { deferInteraction, interactionCall, moderatorOrRefuse, replyPrivately } from './deferred.js';
import { EPHEMERAL, type InteractionDeps } from './interaction-common.js';
import { renderQueue } from './moderator-queue.js';

const auditAction = (action: string, lang: PosterLanguage): string =>
	(AUDIT_ACTIONS as readonly string[]).includes(action) ? t(lang, `mod.audit.${action}` as MessageKey) : action;

/** Claim / Email support / Resolve / Dismiss / Unmute bot on a queue message. */
export async function onEscalationButton(deps: InteractionDeps, interaction: ButtonInteraction<'cached'>, ref: string) {
	const actor = await moderatorOrRefuse(deps, interaction, ref);
	if (actor === null) return;
	const parsed = parseEscalationCustomId(interaction.customId);
	if (parsed === null) {
		await replyPrivately(deps.logger, interaction, t(deps.moderatorLanguage, 'mod.staleButton'), ref);
		return;
	}
	// Resolving asks for the cause first (a menu only the moderator sees); the choice resolves it.
	if (parsed.action === 'resolve') {
		await askForCause(deps, interaction, parsed.escalationId, ref);
		return;
	}
	// Sending email can take longer than Discord's 3-second window: acknowledge first, then edit.
	if (!(await deferInteraction(interaction, deps.logger, ref))) return;
	const { result, thread } = await moderate(deps.ports, deps.escalations, parsed.action, parsed.escalationId, actor);
	if ('queue' in result) {
		const queue = result.queue;
		await interactionCall(deps.logger, 'interaction-edit', ref, () => interaction.editReply(renderQueue(queue)));
	}
	if (result.kind !== 'ok' && result.kind !== 'sent') {
		const record = 'escalation' in result ? result.escalation : null;
		const lang = deps.moderatorLanguage;
		const message =
			'message' in result ? result.message : record === null ? t(lang, 'mod.notFound') : describeStatus(record, lang);
		await interactionCall(deps.logger, 'interaction-follow-up', ref, () =>
			interaction.followUp({ content: message, ...EPHEMERAL }),
		);
	}
	if (thread !== null) await deps.applyState(thread.id, thread.state, ref);
	deps.logger.info(
		{ ref, escalationId: parsed.escalationId, action: parsed.action, result: result.kind },
		'moderation',
	);
}

/** An `/escalations` subcommand, run once the presser is known to be a moderator. */
type ModeratorCommand = (
	deps: InteractionDeps,
	interaction: ChatInputCommandInteraction<'cached'>,
	ref: string,
	actor: Author,
) => Promise<void>;

/** `/escalations` is for moderators (the moderator role or Manage Threads); anyone else is refused. */
function moderatorsOnly(command: ModeratorCommand) {
	return async (deps: InteractionDeps, interaction: ChatInputCommandInteraction<'cached'>, ref: string) => {
		const actor = await moderatorOrRefuse(deps, interaction, ref);
		if (actor !== null) await command(deps, interaction, ref, actor);
	};
}

/** `/escalations list [status] [page]`. */
const listEscalations: ModeratorCommand = async (deps, interaction, ref) => {
	const lang = deps.moderatorLanguage;
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
	await replyPrivately(deps.logger, interaction, `${header}\n${body}${more}`, ref);
};

/** `/escalations withdraw-case case:`: the bot stops answering from a community case. */
const withdrawCase: ModeratorCommand = async (deps, interaction, ref, actor) => {
	const caseId = interaction.options.getInteger('case', true);
	const withdrawn = deps.learning?.store.withdraw(caseId, actor.id, deps.learning.now()) ?? false;
	deps.logger.info({ ref, caseId, withdrawn }, 'community case withdrawn');
	await replyPrivately(
		deps.logger,
		interaction,
		t(deps.moderatorLanguage, withdrawn ? 'mod.caseWithdrawn' : 'mod.caseNotWithdrawn', { id: String(caseId) }),
		ref,
	);
};

/** `/escalations show id:`: the queue message and the audit trail. */
const showEscalation: ModeratorCommand = async (deps, interaction, ref) => {
	const lang = deps.moderatorLanguage;
	const id = interaction.options.getInteger('id', true);
	const details = deps.escalations.show(id);
	if (details === null) {
		await replyPrivately(deps.logger, interaction, t(lang, 'mod.noEscalation', { id: String(id) }), ref);
		return;
	}
	const audit = details.audit
		.map(
			(a) =>
				`• <t:${Math.floor(a.at / 1000)}:f> ${a.actorName}: ${auditAction(a.action, lang)}${a.detail ? ` — ${a.detail}` : ''}`,
		)
		.join('\n');
	const content = `${details.queue.content}\n\n${t(lang, 'mod.audit.heading')}\n${audit}`;
	await replyPrivately(deps.logger, interaction, truncate(content, DISCORD_MESSAGE_LIMIT), ref);
};

/** `/escalations resolve id: [cause] [note]`: without a cause, a menu asks for it. */
const resolveEscalation: ModeratorCommand = async (deps, interaction, ref, actor) => {
	const id = interaction.options.getInteger('id', true);
	const note = interaction.options.getString('note');
	const cause = causeOption(interaction.options.getString('cause'));
	if (cause === null) await askForCause(deps, interaction, id, ref);
	else if (!cause.ok) {
		const content = t(deps.moderatorLanguage, 'mod.notResolved', { problem: cause.problem });
		await replyPrivately(deps.logger, interaction, content, ref);
	} else if (await deferInteraction(interaction, deps.logger, ref)) {
		const content = await confirmAndResolve(deps, id, actor, cause.value, note, ref);
		await interactionCall(deps.logger, 'interaction-edit', ref, () => interaction.editReply({ content }));
	}
};

/** `/escalations reopen id: [note]`. */
const reopenEscalation: ModeratorCommand = async (deps, interaction, ref, actor) => {
	const id = interaction.options.getInteger('id', true);
	const note = interaction.options.getString('note');
	const { result, thread } = await moderate(deps.ports, deps.escalations, 'reopen', id, actor, note);
	const message =
		'message' in result
			? result.message
			: t(deps.moderatorLanguage, 'mod.nowStatus', {
					id: String(id),
					status: 'escalation' in result ? statusName(result.escalation.status, deps.moderatorLanguage) : '?',
				});
	await replyPrivately(deps.logger, interaction, message, ref);
	if ('queue' in result) await deps.queue.refresh(id, result.queue, ref);
	if (thread !== null) await deps.applyState(thread.id, thread.state, ref);
};

/** `/escalations` subcommands by name: the names ESCALATIONS_COMMAND (commands.ts) registers, and no others. */
export const ESCALATIONS_SUBCOMMANDS = {
	list: moderatorsOnly(listEscalations),
	show: moderatorsOnly(showEscalation),
	resolve: moderatorsOnly(resolveEscalation),
	'withdraw-case': moderatorsOnly(withdrawCase),
	reopen: moderatorsOnly(reopenEscalation),
} as const;
