import {
	type APIApplicationCommand,
	type APIApplicationCommandOption,
	ApplicationCommandType,
	type ApplicationIntegrationType,
	type InteractionContextType,
	Locale,
} from 'discord-api-types/v10';
import { z } from 'zod';
import { invalidFormBody } from './api-error.js';
import type { SandboxState } from './state.js';

/**
 * Discord's localization maps: keys are its locales (`zh-CN`, not `zh`), values 1 to 100 characters.
 * @see https://discord.com/developers/docs/interactions/application-commands#localization
 */
const LocalizationMapSchema = z.partialRecord(z.enum(Object.values(Locale)), z.string().min(1).max(100)).nullable();

/** An option as Discord checks its localized texts; the rest is stored as sent. */
const OptionSchema: z.ZodType<unknown> = z.looseObject({
	description: z.string().min(1).max(100),
	description_localizations: LocalizationMapSchema.optional(),
	name_localizations: LocalizationMapSchema.optional(),
	choices: z
		.array(z.looseObject({ name: z.string().min(1).max(100), name_localizations: LocalizationMapSchema.optional() }))
		.optional(),
	options: z.lazy(() => z.array(OptionSchema)).optional(),
});

/** The fields of a command body the sandbox checks; options are stored as sent. */
const CommandBodySchema = z.object({
	name: z.string().min(1).max(32),
	description: z.string().max(100).optional(),
	description_localizations: LocalizationMapSchema.optional(),
	name_localizations: LocalizationMapSchema.optional(),
	type: z.number().int().optional(),
	options: z
		.array(OptionSchema)
		.transform((options) => options as APIApplicationCommandOption[])
		.optional(),
	default_member_permissions: z.string().nullable().optional(),
	nsfw: z.boolean().optional(),
	integration_types: z.array(z.custom<ApplicationIntegrationType>((v) => typeof v === 'number')).optional(),
	contexts: z
		.array(z.custom<InteractionContextType>((v) => typeof v === 'number'))
		.nullable()
		.optional(),
});

/** Registered application commands, global and per guild. Ids stay stable across overwrites by name. */
export class CommandStore {
	readonly #scopes = new Map<string, Map<string, APIApplicationCommand>>();
	readonly #idsByName = new Map<string, string>();

	constructor(private readonly state: SandboxState) {}

	list(guildId?: string): APIApplicationCommand[] {
		return [...this.#scope(guildId).values()];
	}

	/** PUT: replaces the whole scope, as a bulk overwrite does. */
	overwrite(bodies: unknown, guildId?: string): APIApplicationCommand[] {
		if (!Array.isArray(bodies)) throw invalidFormBody('_root', 'ARRAY_TYPE_CONVERT', 'Must be an array.');
		const commands = bodies.map((body, i) => this.#build(body, guildId, String(i)));
		const scope = this.#scope(guildId);
		scope.clear();
		for (const command of commands) scope.set(command.name, command);
		return commands;
	}

	/** POST: creates or replaces one command. */
	upsert(body: unknown, guildId?: string): APIApplicationCommand {
		const command = this.#build(body, guildId, '_root');
		this.#scope(guildId).set(command.name, command);
		return command;
	}

	/** A command by name, guild commands first (they shadow global ones in the client). */
	find(name: string): APIApplicationCommand | undefined {
		return this.#scope(this.state.guildId).get(name) ?? this.#scope(undefined).get(name);
	}

	#scope(guildId: string | undefined): Map<string, APIApplicationCommand> {
		const key = guildId ?? 'global';
		let scope = this.#scopes.get(key);
		if (!scope) {
			scope = new Map();
			this.#scopes.set(key, scope);
		}
		return scope;
	}

	#build(body: unknown, guildId: string | undefined, field: string): APIApplicationCommand {
		const parsed = CommandBodySchema.safeParse(body);
		if (!parsed.success) {
			throw invalidFormBody(field, 'BASE_TYPE_INVALID', parsed.error.issues.map((i) => i.message).join('; '));
		}
		const data = parsed.data;
		const type = data.type ?? ApplicationCommandType.ChatInput;
		const nameKey = `${guildId ?? 'global'}:${type}:${data.name}`;
		const id = this.#idsByName.get(nameKey) ?? this.state.ids.next();
		this.#idsByName.set(nameKey, id);
		const command: APIApplicationCommand = {
			id,
			type,
			application_id: this.state.application.id,
			name: data.name,
			description: data.description ?? '',
			default_member_permissions: data.default_member_permissions ?? null,
			version: this.state.ids.next(),
			nsfw: data.nsfw ?? false,
		};
		if (guildId !== undefined) command.guild_id = guildId;
		if (data.options) command.options = data.options;
		if (data.description_localizations) command.description_localizations = data.description_localizations;
		if (data.name_localizations) command.name_localizations = data.name_localizations;
		if (data.integration_types) command.integration_types = data.integration_types;
		if (data.contexts !== undefined) command.contexts = data.contexts;
		return command;
	}
}
