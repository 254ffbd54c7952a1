import {
	type APIApplicationCommandBasicOption,
	type APIApplicationCommandOption,
	ApplicationCommandOptionType,
	Locale,
	PermissionFlagsBits,
} from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { onCauseForm, onCauseSelect } from '../../../src/discord/cause-interactions.js';
import { ALL_COMMANDS, DOORMAN_COMMAND, ESCALATIONS_COMMAND, localizations } from '../../../src/discord/commands.js';
import { feedbackId } from '../../../src/discord/custom-id.js';
import { onEscalationButton } from '../../../src/discord/escalation-interactions.js';
import {
	BUTTON_HANDLERS,
	COMMAND_HANDLERS,
	commandHandler,
	componentHandler,
	MODAL_HANDLERS,
	SELECT_HANDLERS,
} from '../../../src/discord/interaction-routes.js';
import { onFeedbackButton } from '../../../src/discord/interactions.js';
import { causeCustomId } from '../../../src/escalation/cause-choice.js';
import { escalationCustomId, QUEUE_ACTIONS } from '../../../src/escalation/custom-id.js';
import { ESCALATION_STATUSES } from '../../../src/escalation/types.js';
import { CATALOGUES } from '../../../src/i18n/messages.js';

/** Discord's rules for chat-input names (lower case) and descriptions. */
const NAME = /^[-_\p{Ll}\p{Lo}\p{N}]{1,32}$/u;
const subcommandsOf = (options: readonly APIApplicationCommandOption[] | undefined) =>
	(options ?? []).flatMap((o) => (o.type === ApplicationCommandOptionType.Subcommand ? [o] : []));
const optionsOf = (name: string, sub: string): readonly APIApplicationCommandBasicOption[] => {
	const command = ALL_COMMANDS.find((c) => c.name === name);
	return subcommandsOf(command?.options).find((s) => s.name === sub)?.options ?? [];
};

describe('slash command definitions', () => {
	it('are valid for Discord: names, descriptions, at most 25 options, required options first', () => {
		expect(ALL_COMMANDS.map((c) => c.name)).toEqual(['doorman', 'escalations']);
		for (const command of ALL_COMMANDS) {
			expect(command.name).toMatch(NAME);
			expect(command.description.length).toBeGreaterThan(0);
			expect(command.description.length).toBeLessThanOrEqual(100);
			expect(command.dm_permission).toBe(false);
			const subs = subcommandsOf(command.options);
			expect(subs).toHaveLength(command.options?.length ?? 0);
			expect(subs.length).toBeLessThanOrEqual(25);
			for (const sub of subs) {
				expect(sub.name, `${command.name} ${sub.name}`).toMatch(NAME);
				expect(sub.description.length).toBeGreaterThan(0);
				expect(sub.description.length).toBeLessThanOrEqual(100);
				const options = sub.options ?? [];
				for (const option of options) {
					expect(option.name).toMatch(NAME);
					expect(option.description.length).toBeLessThanOrEqual(100);
				}
				const required = options.map((o) => o.required === true);
				expect(required, `${command.name} ${sub.name}: required options come first`).toEqual(
					[...required].sort((a, b) => Number(b) - Number(a)),
				);
			}
		}
	});

	it('/escalations is offered to Manage Threads only; /doorman to everyone', () => {
		expect(ESCALATIONS_COMMAND.default_member_permissions).toBe(String(PermissionFlagsBits.ManageThreads));
		expect(DOORMAN_COMMAND.default_member_permissions).toBeUndefined();
	});

	it('escalation ids and case numbers are required positive integers; statuses are the escalation statuses', () => {
		for (const sub of ['show', 'resolve', 'reopen']) {
			expect(optionsOf('escalations', sub).find((o) => o.name === 'id')).toMatchObject({
				type: ApplicationCommandOptionType.Integer,
				required: true,
				min_value: 1,
			});
		}
		expect(optionsOf('escalations', 'withdraw-case')).toEqual([
			expect.objectContaining({
				name: 'case',
				type: ApplicationCommandOptionType.Integer,
				required: true,
				min_value: 1,
			}),
		]);
		const status = optionsOf('escalations', 'list').find((o) => o.name === 'status');
		expect(status && 'choices' in status ? status.choices?.map((c) => c.value) : null).toEqual([
			...ESCALATION_STATUSES,
		]);
		expect(optionsOf('doorman', 'triage')).toEqual([
			expect.objectContaining({ name: 'text', type: ApplicationCommandOptionType.String, required: true }),
		]);
	});
});

describe('the table of command handlers', () => {
	it('has exactly one handler per registered subcommand, and nothing else', () => {
		const registered = Object.fromEntries(
			ALL_COMMANDS.map((c) => [
				c.name,
				subcommandsOf(c.options)
					.map((s) => s.name)
					.sort(),
			]),
		);
		const handled = Object.fromEntries(
			Object.entries(COMMAND_HANDLERS).map(([name, subs]) => [name, Object.keys(subs).sort()]),
		);
		expect(handled).toEqual(registered);
		for (const [name, subs] of Object.entries(registered))
			for (const sub of subs) expect(commandHandler(name, sub), `/${name} ${sub}`).toBeTypeOf('function');
	});

	it('finds no handler for an unknown command or subcommand, a missing subcommand, or a name Object inherits', () => {
		for (const [name, sub] of [
			['escalations', 'frobnicate'],
			['escalations', 'delete'],
			['escalations', null],
			['doorman', 'reopen'],
			['doorman', null],
			['nope', 'list'],
			['escalations', 'constructor'],
			['escalations', '__proto__'],
			['escalations', 'toString'],
			['constructor', 'name'],
			['__proto__', 'list'],
			['hasOwnProperty', 'call'],
		] as const)
			expect(commandHandler(name, sub), `/${name} ${sub}`).toBeNull();
	});
});

describe('the tables of buttons, menus and forms', () => {
	it('route every custom id the bot builds to its handler', () => {
		expect(componentHandler(BUTTON_HANDLERS, feedbackId('solved', '123'))).toBe(onFeedbackButton);
		expect(componentHandler(BUTTON_HANDLERS, feedbackId('didnt_help', '123'))).toBe(onFeedbackButton);
		for (const action of QUEUE_ACTIONS)
			expect(componentHandler(BUTTON_HANDLERS, escalationCustomId(action, 7)), action).toBe(onEscalationButton);
		expect(componentHandler(SELECT_HANDLERS, causeCustomId('pick', 7))).toBe(onCauseSelect);
		expect(componentHandler(MODAL_HANDLERS, causeCustomId('new', 7))).toBe(onCauseForm);
		expect(componentHandler(MODAL_HANDLERS, causeCustomId('note', 7, 'unsupported_region'))).toBe(onCauseForm);
	});

	it('find nothing for an unknown prefix, an id without one, a kind of component the prefix is not for', () => {
		for (const id of ['', 'fb', 'esc', ':fb:1', 'xx:v1:solved:1', 'constructor:1', '__proto__:1', 'toString:x'])
			expect(componentHandler(BUTTON_HANDLERS, id), id).toBeNull();
		expect(componentHandler(SELECT_HANDLERS, feedbackId('solved', '1'))).toBeNull();
		expect(componentHandler(MODAL_HANDLERS, escalationCustomId('claim', 1))).toBeNull();
		expect(componentHandler(BUTTON_HANDLERS, causeCustomId('pick', 1))).toBeNull();
	});
});

interface Described {
	readonly name: string;
	readonly description?: string;
	readonly description_localizations?: Partial<Record<string, string | null>> | null;
	readonly choices?: readonly { name: string; name_localizations?: Partial<Record<string, string | null>> | null }[];
	readonly options?: readonly Described[];
}

/** Every command, subcommand and option, with its path (`escalations list status`). */
function walk(node: Described, path: string[] = []): { path: string; node: Described }[] {
	const here = [...path, node.name];
	return [{ path: here.join(' '), node }, ...(node.options ?? []).flatMap((o) => walk(o, here))];
}

const everything = ALL_COMMANDS.flatMap((c) => walk(c as Described));
const HAN = /\p{Script=Han}/u;

describe('slash commands in the catalogue’s languages', () => {
	it('every command, subcommand and option has a Simplified Chinese (zh-CN) description from the catalogue', () => {
		expect(everything.length).toBeGreaterThan(15);
		const zhValues = new Set(Object.values(CATALOGUES.zh));
		for (const { path, node } of everything) {
			const zh = node.description_localizations?.[Locale.ChineseCN];
			expect(zh, path).toMatch(HAN);
			expect(zhValues.has(zh as string), path).toBe(true);
			// Discord refuses a description (or its localization) over 100 characters.
			expect((zh as string).length, path).toBeLessThanOrEqual(100);
			expect(node.description?.length ?? 0, path).toBeGreaterThan(0);
			expect(node.description?.length ?? 0, path).toBeLessThanOrEqual(100);
			// Traditional Chinese readers get English rather than Simplified characters.
			expect(node.description_localizations?.[Locale.ChineseTW], path).toBeUndefined();
		}
	});

	it('every command, subcommand and option has a Spanish description from the catalogue, for es-ES and es-419', () => {
		const esValues = new Set(Object.values(CATALOGUES.es));
		for (const { path, node } of everything) {
			const es = node.description_localizations?.[Locale.SpanishES];
			expect(esValues.has(es as string), path).toBe(true);
			expect(es, path).not.toBe(node.description);
			expect((es as string).length, path).toBeLessThanOrEqual(100);
			// One neutral Spanish catalogue for Spain and Latin America.
			expect(node.description_localizations?.[Locale.SpanishLATAM], path).toBe(es);
		}
	});

	it('names the status choices of /escalations list in Chinese too', () => {
		const status = everything.find((e) => e.path === 'escalations list status')?.node;
		expect(status?.choices?.map((c) => [c.name, c.name_localizations?.[Locale.ChineseCN]])).toEqual([
			['open', '待处理'],
			['claimed', '已认领'],
			['emailed', '已发邮件'],
			['resolved', '已解决'],
			['dismissed', '已忽略'],
		]);
	});

	it('keys localizations by Discord locale, never by the bot’s language code', () => {
		expect(Object.keys(localizations('command.doorman'))).toEqual([
			Locale.ChineseCN,
			Locale.SpanishES,
			Locale.SpanishLATAM,
		]);
	});
});
