import {
	ActionRowBuilder,
	ButtonBuilder,
	type ButtonInteraction,
	ButtonStyle,
	type ChatInputCommandInteraction,
	type Client,
	Events,
	type GuildMember,
	MessageFlags,
} from 'discord.js';
import { type Logger, newRef } from '../log.js';
import type { Author } from '../model.js';
import type { Advisor } from '../thread/advice.js';
import { describeThread, handleFeedback } from '../thread/interactions.js';
import type { ThreadPorts } from '../thread/ports.js';
import type { ThreadState } from '../thread/state.js';
import { feedbackId, parseCustomId } from './custom-id.js';
import type { RoleConfig } from './to-incoming.js';

/** "Solved it" / "Didn't help" under every answer. */
export function feedbackButtons(threadId: string): ActionRowBuilder<ButtonBuilder> {
	return new ActionRowBuilder<ButtonBuilder>().addComponents(
		new ButtonBuilder().setCustomId(feedbackId('solved', threadId)).setLabel('Solved it').setStyle(ButtonStyle.Success),
		new ButtonBuilder()
			.setCustomId(feedbackId('didnt_help', threadId))
			.setLabel("Didn't help")
			.setStyle(ButtonStyle.Secondary),
	);
}

export function memberAuthor(member: GuildMember, roles: RoleConfig): Author {
	const hasRole = (ids: readonly string[]) => ids.some((id) => member.roles.cache.has(id));
	const isModerator = hasRole(roles.moderatorRoleIds) || member.permissions.has('ManageThreads');
	return {
		id: member.id,
		name: member.displayName,
		isBot: member.user.bot,
		isModerator,
		isStaff: isModerator || hasRole(roles.helperRoleIds),
	};
}

export interface InteractionDeps {
	readonly client: Client;
	readonly ports: ThreadPorts;
	readonly advisor: Advisor;
	readonly logger: Logger;
	readonly roles: RoleConfig;
	/** Sets the forum tag after a state change made by a button. */
	readonly applyState: (threadId: string, state: ThreadState, ref: string) => Promise<void>;
}

const EPHEMERAL = { flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } } as const;

/** Routes slash commands and buttons; every reply is ephemeral unless the thread should see it. */
export function registerInteractions(deps: InteractionDeps): void {
	deps.client.on(Events.InteractionCreate, (interaction) => {
		const ref = newRef();
		const run = async () => {
			if (!interaction.inCachedGuild()) return;
			if (interaction.isChatInputCommand() && interaction.commandName === 'doorman') await onDoorman(deps, interaction);
			else if (interaction.isButton()) await onButton(deps, interaction, ref);
		};
		run().catch((error: unknown) => {
			deps.logger.error({ ref, err: error, interactionId: interaction.id }, 'interaction failed');
			if (interaction.isRepliable() && !interaction.replied && !interaction.deferred) {
				void interaction.reply({ content: `Something went wrong (ref \`${ref}\`).`, ...EPHEMERAL }).catch(() => {});
			}
		});
	});
}

async function onDoorman(deps: InteractionDeps, interaction: ChatInputCommandInteraction<'cached'>): Promise<void> {
	const sub = interaction.options.getSubcommand(true);
	if (sub === 'status') {
		const content = interaction.channel?.isThread()
			? describeThread(deps.ports, interaction.channelId)
			: 'Use `/doorman status` inside a forum post.';
		await interaction.reply({ content, ...EPHEMERAL });
		return;
	}
	if (sub === 'triage') {
		const text = interaction.options.getString('text', true);
		const advice = deps.advisor({ title: '', body: text, attachments: [] });
		await interaction.reply({ content: advice.content.slice(0, 2000), ...EPHEMERAL });
	}
}

async function onButton(deps: InteractionDeps, interaction: ButtonInteraction<'cached'>, ref: string): Promise<void> {
	const parsed = parseCustomId(interaction.customId);
	if (parsed === null) {
		await interaction.reply({
			content: 'This button is from an older version of me and no longer works.',
			...EPHEMERAL,
		});
		return;
	}
	const actor = memberAuthor(interaction.member, deps.roles);
	const outcome = handleFeedback(deps.ports, parsed.threadId, actor, parsed.action);
	if (outcome.kind === 'refused' || outcome.kind === 'unchanged') {
		await interaction.reply({ content: outcome.message, ...EPHEMERAL });
		return;
	}
	await interaction.reply({ content: outcome.message, allowedMentions: { parse: [] } });
	if (outcome.state !== null) await deps.applyState(parsed.threadId, outcome.state, ref);
	deps.logger.info({ ref, threadId: parsed.threadId, action: parsed.action, outcome: outcome.kind }, 'feedback');
}
