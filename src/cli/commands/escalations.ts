import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { triggerLabel } from '../../escalation/queue-message.js';
import { emailRecipients, recordContact } from '../../escalation/recipients.js';
import { type EscalationService, escalationService } from '../../escalation/service.js';
import { type Actor, ESCALATION_STATUSES, type EscalationRecord } from '../../escalation/types.js';
import { CONFIRMABLE_CAUSES, parseConfirmedCause } from '../../kb/community-case.js';
import { clipText } from '../../message-text.js';
import { communityCaseRepository } from '../../store/community-cases.js';
import { escalationRepository } from '../../store/escalations.js';
import { type Db, openStore } from '../../store/open.js';
import { sqliteThreadPorts } from '../../store/ports.js';
import { threadRepository } from '../../store/threads.js';
import { resolveWithCause } from '../../thread/resolve-with-cause.js';
import { type CliCommand, type CliIo, EXIT_USAGE } from '../command.js';
import { commandConfig } from '../command-config.js';

const USAGE = `usage:
  doorman escalations list [--status S] [--page N] [--db FILE]
  doorman escalations show ID [--db FILE]
  doorman escalations resolve ID --cause CAUSE [--note TEXT] [--as NAME] [--db FILE]
statuses: ${ESCALATION_STATUSES.join(', ')}
causes: a cause id (${CONFIRMABLE_CAUSES.slice(0, 3).join(', ')}, …) or the name of a new cause`;

const IdSchema = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const PageSchema = z.coerce.number().int().positive().max(1_000_000);
const StatusSchema = z.enum(ESCALATION_STATUSES);
const NameSchema = z
	.string()
	.trim()
	.min(1)
	.max(64)
	.regex(/^[^\p{Cc}]+$/u, 'must not contain control characters');

type Options = { status?: string; page?: string; db?: string; note?: string; as?: string; cause?: string };

/** Each sub-command and the flags it accepts. */
const FLAGS: Record<string, readonly (keyof Options)[]> = {
	list: ['status', 'page', 'db'],
	show: ['db'],
	resolve: ['cause', 'note', 'as', 'db'],
};

class UsageError extends Error {}

/** Keeps stored text (which came from Discord) from driving the terminal: no escape sequences. */
const clean = (text: string): string =>
	Array.from(text, (c) => {
		const code = c.codePointAt(0) ?? 0;
		return (code < 0x20 && code !== 0x0a) || (code >= 0x7f && code <= 0x9f) ? ' ' : c;
	}).join('');
const cell = (text: string, width: number): string => {
	const one = clean(text).replace(/\s+/g, ' ').trim();
	return clipText(one, width).padEnd(width);
};
const when = (ms: number | null): string =>
	ms === null ? '-' : new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

function osUser(): string {
	try {
		return userInfo().username || 'operator';
	} catch {
		return 'operator';
	}
}

function parse(args: readonly string[]): { sub: string; id: number | null; values: Options } {
	let parsed: { values: Options; positionals: string[] };
	try {
		parsed = parseArgs({
			args: [...args],
			options: {
				status: { type: 'string' },
				page: { type: 'string' },
				db: { type: 'string' },
				note: { type: 'string' },
				as: { type: 'string' },
				cause: { type: 'string' },
			},
			allowPositionals: true,
			strict: true,
		});
	} catch (error) {
		throw new UsageError(error instanceof Error ? error.message : String(error));
	}
	const [sub, rawId, ...extra] = parsed.positionals;
	if (sub === undefined) throw new UsageError('missing sub-command');
	const allowed = FLAGS[sub];
	if (allowed === undefined) throw new UsageError(`unknown sub-command '${sub}'`);
	for (const flag of Object.keys(parsed.values) as (keyof Options)[]) {
		if (!allowed.includes(flag)) throw new UsageError(`--${flag} does not apply to '${sub}'`);
	}
	if (sub === 'list') {
		if (rawId !== undefined) throw new UsageError(`unexpected argument '${rawId}'`);
		return { sub, id: null, values: parsed.values };
	}
	if (rawId === undefined) throw new UsageError(`'${sub}' needs an escalation id`);
	if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
	const id = IdSchema.safeParse(rawId);
	if (!id.success) throw new UsageError(`'${rawId}' is not an escalation id (a positive whole number)`);
	return { sub, id: id.data, values: parsed.values };
}

function printList(service: EscalationService, values: Options, io: CliIo): number {
	let status: (typeof ESCALATION_STATUSES)[number] | null = null;
	if (values.status !== undefined) {
		const s = StatusSchema.safeParse(values.status.toLowerCase());
		if (!s.success) throw new UsageError(`unknown status '${values.status}'`);
		status = s.data;
	}
	let page = 1;
	if (values.page !== undefined) {
		const p = PageSchema.safeParse(values.page);
		if (!p.success) throw new UsageError(`--page must be a positive whole number, got '${values.page}'`);
		page = p.data;
	}
	const result = service.list(status, page);
	const noun = result.total === 1 ? 'escalation' : 'escalations';
	const what = status === null ? noun : `${status} ${noun}`;
	if (result.total === 0) {
		io.stdout(`no ${status === null ? '' : `${status} `}escalations\n`);
		return 0;
	}
	if (result.items.length === 0) {
		io.stdout(`page ${page} is past the end: ${result.total} ${what} fill ${result.pageCount} page(s)\n`);
		return 0;
	}
	const idWidth = Math.max(2, ...result.items.map((e) => String(e.id).length + 1));
	const header = `${'ID'.padEnd(idWidth)}  ${cell('STATUS', 9)}  ${cell('TRIGGER', 15)}  ${cell('CREATED (UTC)', 16)}  ${cell('CLAIMED BY', 16)}  THREAD`;
	const rows = result.items.map(
		(e) =>
			`${`#${e.id}`.padEnd(idWidth)}  ${cell(e.status, 9)}  ${cell(e.trigger, 15)}  ${cell(when(e.createdAt), 16)}  ${cell(e.claimedByName ?? '-', 16)}  ${cell(e.summary.threadTitle, 50).trimEnd()}`,
	);
	const more =
		result.page < result.pageCount
			? `; next: doorman escalations list${status === null ? '' : ` --status ${status}`} --page ${result.page + 1}`
			: '';
	io.stdout(
		`${header}\n${rows.join('\n')}\n\npage ${result.page} of ${result.pageCount} (${result.total} ${what})${more}\n`,
	);
	return 0;
}

function emailState(e: EscalationRecord): string {
	if (e.emailMessageId !== null) return `sent ${when(e.emailSentAt)} UTC, Message-ID ${e.emailMessageId}`;
	if (e.emailAttempts > 0) {
		const next = e.nextEmailAttemptAt === null ? '' : `; next try ${when(e.nextEmailAttemptAt)} UTC`;
		return `failed after ${e.emailAttempts} attempt(s): ${e.emailLastError ?? 'unknown error'}${next}`;
	}
	return 'not sent';
}

/** Who the escalation goes to: To: (always an email address) and Cc:, and "Submit at <URL>" for a form-only party. */
function contactFields(e: EscalationRecord, desk: string | null): [string, string][] {
	const contact = recordContact(e);
	const recipients = emailRecipients(e, desk);
	const party = contact.party === null ? '' : ` (${contact.party.name})`;
	const fields: [string, string][] = [];
	if (recipients === null) fields.push(['To', 'no email address (no email button)']);
	else if (recipients.toDesk) fields.push(['To', `${recipients.to} (support desk)`]);
	else fields.push(['To', `${recipients.to}${party}`]);
	if (recipients?.cc) fields.push(['Cc', `${recipients.cc} (support desk)`]);
	if (contact.form !== null)
		fields.push(['Web form', `${contact.party?.name ?? 'the provider'}: Submit at ${contact.form}`]);
	else if (recipients === null)
		fields.push(['Contact', `none documented for ${contact.party?.name ?? 'this provider'}`]);
	return fields;
}

function printShow(service: EscalationService, id: number, io: CliIo, desk: string | null): number {
	const details = service.show(id);
	if (details === null) {
		io.stderr(`doorman escalations: there is no escalation #${id}\n`);
		return 1;
	}
	const { escalation: e, audit } = details;
	const s = e.summary;
	const err = s.error;
	const errorLine =
		err === null
			? 'none provided'
			: [err.status === null ? null : `HTTP ${err.status}`, err.code, err.message]
					.filter((x) => x !== null)
					.join(' · ');
	const fields: [string, string][] = [
		['Thread', `${s.threadTitle} — ${s.threadLink}`],
		['Owner', `${s.ownerName} (${s.ownerId})`],
		['Trigger', `${e.trigger} (${triggerLabel(e.trigger)})`],
		[
			'Cause',
			s.cause === null
				? 'none identified'
				: `${s.cause.title} [${s.cause.id}] (${Math.round(s.cause.confidence * 100)}%)`,
		],
		['Error', errorLine],
		['Model', s.model ?? 'not stated'],
		['Route', s.baseUrl === null ? s.route : `${s.route} (${s.baseUrl})`],
		['Missing', s.missing.length === 0 ? 'nothing' : s.missing.join(', ')],
		['Claimed by', e.claimedByName === null ? '-' : `${e.claimedByName} (${e.claimedBy ?? '?'})`],
		...contactFields(e, desk),
		['Email', emailState(e)],
		['Closed', e.closedAt === null ? '-' : `${when(e.closedAt)} UTC by ${e.closedByName ?? e.closedBy ?? '?'}`],
		['Note', e.note ?? '-'],
		['Created', `${when(e.createdAt)} UTC`],
		['Updated', `${when(e.updatedAt)} UTC`],
	];
	const lines = [`Escalation #${e.id} · ${e.status} · episode ${e.episode}`, ''];
	for (const [label, value] of fields) lines.push(`${`${label}:`.padEnd(12)}${clean(value).replace(/\n/g, ' ')}`);
	if (err !== null && err.excerpt !== '')
		lines.push(
			'',
			'Error body (excerpt):',
			...clean(err.excerpt)
				.split('\n')
				.map((l) => `  ${l}`),
		);
	if (e.conversation !== '')
		lines.push(
			'',
			'Conversation:',
			...clean(e.conversation)
				.split('\n')
				.map((l) => `  ${l}`),
		);
	lines.push('', 'Audit:');
	for (const a of audit) {
		lines.push(
			`  ${when(a.at)}  ${cell(`${a.actorName} (${a.actorId})`, 32)}  ${cell(a.action, 12)}  ${clean(a.detail ?? '').replace(/\n/g, ' ')}`.trimEnd(),
		);
	}
	io.stdout(`${lines.join('\n')}\n`);
	return 0;
}

async function runResolve(
	service: EscalationService,
	db: Db,
	learn: boolean,
	id: number,
	values: Options,
	io: CliIo,
): Promise<number> {
	const name = NameSchema.safeParse(values.as ?? osUser());
	if (!name.success) throw new UsageError(`--as ${name.error.issues[0]?.message ?? 'is invalid'}`);
	if (values.cause === undefined) throw new UsageError("'resolve' needs --cause (a cause id or a new cause's name)");
	const cause = parseConfirmedCause(values.cause);
	if (!cause.ok) throw new UsageError(`--cause: ${cause.problem}`);
	const actor: Actor = { id: `cli:${name.data}`, name: `cli:${name.data}` };
	const before = service.show(id);
	const clock = { now: () => Date.now() };
	const ports = sqliteThreadPorts(db, service, clock);
	const threads = threadRepository(db);
	const { result, learned } = await resolveWithCause(
		{
			ports,
			escalations: service,
			learning: { store: communityCaseRepository(db), now: clock.now, enabled: learn },
			loadOwnerThread: async (threadId) => {
				const posts = ports.ownerPosts?.list(threadId) ?? [];
				return { title: threads.get(threadId)?.title ?? '', posts: posts.map((p) => p.post), answeredThrough: null };
			},
		},
		id,
		actor,
		cause.value,
		values.note ?? null,
	);
	if (result.kind === 'not_found') {
		io.stderr(`doorman escalations: there is no escalation #${id}\n`);
		return 1;
	}
	if (result.kind === 'refused') {
		io.stderr(`doorman escalations: ${result.message.replace(/<@(\d+)>/g, 'user $1')}\n`);
		return 1;
	}
	const what = cause.value.isNew ? `new cause ${cause.value.cause}` : `cause ${cause.value.cause}`;
	const kept =
		learned === null
			? ''
			: learned.learned
				? `; community case #${learned.id}`
				: `; not learned (${learn ? 'no stored report for the thread' : 'learning is off'})`;
	io.stdout(
		`resolved escalation #${id} (was ${before?.escalation.status ?? 'unknown'}) as ${actor.id} with ${what}${kept}\n`,
	);
	return 0;
}

export const command: CliCommand = {
	name: 'escalations',
	summary: "list, show or resolve escalations in the moderators' queue",
	usage: 'doorman escalations list|show|resolve …',
	async run(args, io) {
		let parsed: ReturnType<typeof parse>;
		try {
			parsed = parse(args);
		} catch (error) {
			if (!(error instanceof UsageError)) throw error;
			io.stderr(`doorman escalations: ${error.message}\n${USAGE}\n`);
			return EXIT_USAGE;
		}
		const config = commandConfig(io, 'doorman escalations', parsed.values.db);
		if (config === null) return 1;
		const { db } = openStore(config.databasePath);
		try {
			const service = escalationService({
				store: escalationRepository(db),
				clock: { now: () => Date.now() },
				defaultSupportTo: config.supportEmail,
			});
			try {
				if (parsed.sub === 'list') return printList(service, parsed.values, io);
				if (parsed.id === null) throw new UsageError('missing escalation id');
				if (parsed.sub === 'show') return printShow(service, parsed.id, io, config.supportEmail);
				return await runResolve(service, db, config.learnFromResolved, parsed.id, parsed.values, io);
			} catch (error) {
				if (!(error instanceof UsageError)) throw error;
				io.stderr(`doorman escalations: ${error.message}\n${USAGE}\n`);
				return EXIT_USAGE;
			}
		} finally {
			db.close();
		}
	},
};
