import {
	type APIApplicationCommandInteractionDataBasicOption,
	type APIApplicationCommandInteractionDataOption,
	type APIApplicationCommandOption,
	type APIChannel,
	type APIInteraction,
	type APIInteractionDataResolved,
	type APIMessage,
	type APIModalSubmissionComponent,
	ApplicationCommandOptionType,
	ApplicationCommandType,
	ApplicationIntegrationType,
	ComponentType,
	GatewayDispatchEvents,
	InteractionContextType,
	InteractionType,
	Locale,
	PermissionFlagsBits,
} from 'discord-api-types/v10';
import { listComponents } from './components.js';
import type { SandboxCore } from './core.js';
import { randomToken } from './ids.js';
import { dispatchPayload } from './intents.js';
import type { InteractionRecord } from './interactions.js';
import { interactionMember } from './payloads.js';
import { computePermissions } from './permissions.js';

/** Option values by name; user options take a member name or id, channel options a name or id. */
export type SlashOptions = Readonly<Record<string, string | number | boolean>>;

export interface SlashCommandInput {
	readonly by: string;
	readonly name: string;
	readonly subcommandGroup?: string;
	readonly subcommand?: string;
	readonly options?: SlashOptions;
	readonly channelId: string;
}

export interface ComponentInput {
	readonly by: string;
	readonly messageId: string;
	readonly customId: string;
	/** The presser's Discord client language (`interaction.locale`); en-US when absent. */
	readonly locale?: Locale;
}

export interface ModalInput {
	readonly by: string;
	/** The interaction the bot answered with a modal; its modal's `custom_id` and channel are used. */
	readonly interactionId?: string;
	/** Needed without `interactionId`. */
	readonly customId?: string;
	readonly channelId?: string;
	/** Text input values by `custom_id`. */
	readonly fields: Readonly<Record<string, string>>;
}

/**
 * A user runs a chat-input command. Option types come from the registered command when there is
 * one, else from the JS value (string/integer/number/boolean).
 */
export function slashCommand(core: SandboxCore, input: SlashCommandInput): InteractionRecord {
	const user = core.state.userByName(input.by);
	const command = core.commands.find(input.name);
	if (command !== undefined && !canUseCommand(core, user.id, command.default_member_permissions)) {
		// Discord hides such a command from the member; there is nothing to invoke.
		throw new Error(
			`sandbox: ${user.username} cannot use /${input.name}: it needs permissions ${command.default_member_permissions} (default_member_permissions)`,
		);
	}
	let definitions = command?.options ?? [];
	for (const level of [input.subcommandGroup, input.subcommand]) {
		if (level === undefined) continue;
		const parent = definitions.find((o) => o.name === level);
		definitions = parent && 'options' in parent ? (parent.options ?? []) : [];
	}
	const resolved: APIInteractionDataResolved = {};
	let options: APIApplicationCommandInteractionDataOption[] = Object.entries(input.options ?? {}).map(([name, value]) =>
		commandOption(core, name, value, definitions, resolved),
	);
	if (input.subcommand !== undefined) {
		options = [{ type: ApplicationCommandOptionType.Subcommand, name: input.subcommand, options: basic(options) }];
	}
	if (input.subcommandGroup !== undefined) {
		const subcommands = options.flatMap((o) => (o.type === ApplicationCommandOptionType.Subcommand ? [o] : []));
		options = [
			{ type: ApplicationCommandOptionType.SubcommandGroup, name: input.subcommandGroup, options: subcommands },
		];
	}
	const base = baseInteractionFields(core, user.id, input.channelId);
	const data = {
		id: command?.id ?? core.state.ids.next(),
		type: ApplicationCommandType.ChatInput as const,
		name: input.name,
		options,
		...(command?.guild_id === undefined ? {} : { guild_id: command.guild_id }),
		...(Object.keys(resolved).length > 0 ? { resolved } : {}),
	};
	const payload = { ...base, type: InteractionType.ApplicationCommand as const, data };
	return send(core, recordInteraction(core, payload, user.id, input.channelId));
}

/**
 * Whether a member may see and run a command with these `default_member_permissions` (no per-server overrides):
 * null means everyone, "0" only administrators, otherwise every listed bit.
 *
 * @see https://discord.com/developers/docs/interactions/application-commands#application-command-permissions-object
 */
export function canUseCommand(core: SandboxCore, userId: string, required: string | null | undefined): boolean {
	if (required === null || required === undefined) return true;
	const granted = computePermissions(core.state, userId);
	const needed = BigInt(required);
	if (needed === 0n) return (granted & PermissionFlagsBits.Administrator) !== 0n;
	return (granted & needed) === needed;
}

/** A user clicks a button (by `custom_id`) on a message the bot sent. */
export function clickButton(core: SandboxCore, input: ComponentInput): InteractionRecord {
	const { message, user } = findComponentMessage(core, input, ComponentType.Button);
	const payload = {
		...baseInteractionFields(core, user.id, message.channel_id),
		...(input.locale === undefined ? {} : { locale: input.locale }),
		type: InteractionType.MessageComponent as const,
		data: { custom_id: input.customId, component_type: ComponentType.Button as const },
		message,
	};
	return send(core, recordInteraction(core, payload, user.id, message.channel_id, message));
}

/** A user picks values in a string select menu. */
export function selectMenu(
	core: SandboxCore,
	input: ComponentInput & { values: readonly string[] },
): InteractionRecord {
	const { message, user } = findComponentMessage(core, input, ComponentType.StringSelect);
	const payload = {
		...baseInteractionFields(core, user.id, message.channel_id),
		type: InteractionType.MessageComponent as const,
		data: { custom_id: input.customId, component_type: ComponentType.StringSelect as const, values: [...input.values] },
		message,
	};
	return send(core, recordInteraction(core, payload, user.id, message.channel_id, message));
}

/** A user submits a modal, shaped like the modal the bot opened (action rows or labels). */
export function submitModal(core: SandboxCore, input: ModalInput): InteractionRecord {
	const user = core.state.userByName(input.by);
	const opener = input.interactionId === undefined ? undefined : core.interactions.get(input.interactionId);
	const customId = opener?.modal?.custom_id ?? input.customId;
	const channelId = opener?.channelId ?? input.channelId;
	if (customId === undefined || channelId === undefined) {
		throw new Error('sandbox: submitModal needs the interactionId of an opened modal, or customId and channelId');
	}
	const textInput = (id: string) => ({
		type: ComponentType.TextInput as const,
		custom_id: id,
		value: input.fields[id] ?? '',
	});
	const components: APIModalSubmissionComponent[] = opener?.modal
		? listComponents(opener.modal.components)
				.filter((c) => c.type === ComponentType.TextInput && c.customId !== undefined)
				.map((c) => ({ type: ComponentType.ActionRow, components: [textInput(c.customId ?? '')] }))
		: Object.keys(input.fields).map((id) => ({ type: ComponentType.ActionRow, components: [textInput(id)] }));
	const componentMessage = opener?.componentMessageId ? core.state.findMessage(opener.componentMessageId) : undefined;
	const payload = {
		...baseInteractionFields(core, user.id, channelId),
		type: InteractionType.ModalSubmit as const,
		data: { custom_id: customId, components },
		...(componentMessage ? { message: componentMessage } : {}),
	};
	return send(core, recordInteraction(core, payload, user.id, channelId, componentMessage));
}

function send(core: SandboxCore, record: InteractionRecord): InteractionRecord {
	core.gateway.dispatch(dispatchPayload(GatewayDispatchEvents.InteractionCreate, record.payload));
	return record;
}

function findComponentMessage(core: SandboxCore, input: ComponentInput, type: ComponentType) {
	const user = core.state.userByName(input.by);
	const message = core.state.findMessage(input.messageId);
	if (!message) throw new Error(`sandbox: no message ${input.messageId}`);
	const ephemeral = core.state.ephemeral.get(message.id);
	if (ephemeral && ephemeral.visibleTo !== user.id)
		throw new Error(`sandbox: ${input.by} cannot see that ephemeral message`);
	const components = listComponents(message.components);
	const component = components.find((c) => c.customId === input.customId && c.type === type);
	if (!component) {
		const ids = components.map((c) => c.customId ?? c.url).join(', ');
		throw new Error(`sandbox: message has no component "${input.customId}" of type ${type} (has: ${ids})`);
	}
	if (component.isDisabled) throw new Error(`sandbox: component "${input.customId}" is disabled`);
	return { message, user };
}

function commandOption(
	core: SandboxCore,
	name: string,
	value: string | number | boolean,
	definitions: readonly APIApplicationCommandOption[],
	resolved: APIInteractionDataResolved,
): APIApplicationCommandInteractionDataBasicOption {
	const type = definitions.find((d) => d.name === name)?.type ?? inferType(value);
	switch (type) {
		case ApplicationCommandOptionType.User:
		case ApplicationCommandOptionType.Mentionable: {
			const user = core.state.userByName(String(value));
			resolved.users = { ...resolved.users, [user.id]: user };
			const { user: _user, ...member } = interactionMember(core.state, user.id);
			resolved.members = { ...resolved.members, [user.id]: member };
			return { type: ApplicationCommandOptionType.User, name, value: user.id };
		}
		case ApplicationCommandOptionType.Channel: {
			const channel = core.state.channels.get(String(value)) ?? core.state.channelByName(String(value));
			resolved.channels = {
				...resolved.channels,
				[channel.id]: { id: channel.id, type: channel.type, name: channel.name ?? '', permissions: '0' },
			};
			return { type: ApplicationCommandOptionType.Channel, name, value: channel.id };
		}
		case ApplicationCommandOptionType.Integer:
			return { type, name, value: Number(value) };
		case ApplicationCommandOptionType.Number:
			return { type, name, value: Number(value) };
		case ApplicationCommandOptionType.Boolean:
			return { type, name, value: value === true || value === 'true' };
		default:
			return { type: ApplicationCommandOptionType.String, name, value: String(value) };
	}
}

function inferType(value: string | number | boolean): ApplicationCommandOptionType {
	if (typeof value === 'boolean') return ApplicationCommandOptionType.Boolean;
	if (typeof value === 'number') {
		return Number.isInteger(value) ? ApplicationCommandOptionType.Integer : ApplicationCommandOptionType.Number;
	}
	return ApplicationCommandOptionType.String;
}

function basic(
	options: APIApplicationCommandInteractionDataOption[],
): APIApplicationCommandInteractionDataBasicOption[] {
	return options.flatMap((o) =>
		o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup
			? []
			: [o],
	);
}

/**
 * The fields every guild interaction carries. discord.js's BaseInteraction throws a TypeError (and
 * the event never reaches the bot) without `entitlements` or `authorizing_integration_owners`, and
 * needs the `channel` object (not just `channel_id`) for `interaction.channel`.
 */
export function baseInteractionFields(core: SandboxCore, userId: string, channelId: string) {
	const { state } = core;
	const channel = state.requireChannel(channelId);
	return {
		id: state.ids.next(),
		application_id: state.application.id,
		token: `sandbox.${randomToken(40)}`,
		version: 1 as const,
		guild_id: state.guildId,
		guild: { id: state.guildId, features: [], locale: Locale.EnglishUS },
		channel_id: channelId,
		channel: partialChannel(channel),
		member: interactionMember(state, userId),
		app_permissions: String(computePermissions(state, state.bot.id)),
		locale: Locale.EnglishUS,
		guild_locale: Locale.EnglishUS,
		entitlements: [],
		authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: state.guildId },
		context: InteractionContextType.Guild,
		attachment_size_limit: 10 * 1024 * 1024,
	};
}

/** Stores the record of a freshly built interaction payload. */
export function recordInteraction(
	core: SandboxCore,
	payload: APIInteraction,
	userId: string,
	channelId: string,
	componentMessage?: APIMessage,
): InteractionRecord {
	const record: InteractionRecord = {
		id: payload.id,
		token: payload.token,
		type: payload.type,
		userId,
		channelId,
		createdAt: core.clock.now(),
		payload,
		componentMessageId: componentMessage?.id,
		callbacks: [],
		originalMessageId: undefined,
		modal: undefined,
		followUpIds: [],
	};
	core.interactions.add(record);
	return record;
}

/** Discord sends a partial channel; the whole channel is a superset discord.js accepts. */
function partialChannel(channel: APIChannel): Partial<APIChannel> & Pick<APIChannel, 'id' | 'type'> {
	return structuredClone(channel);
}
