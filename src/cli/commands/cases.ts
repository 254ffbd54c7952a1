import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { caseGroup, type KbCase } from '../../kb/case-schema.js';
import { exportedCase } from '../../kb/community-case.js';
import { formatProblem } from '../../kb/errors.js';
import { lintCases, MAX_CASES_PER_GROUP } from '../../kb/lint-cases.js';
import { readKbDir } from '../../kb/load.js';
import { parseCaseFile } from '../../kb/parse-cases.js';
import { communityCaseRepository } from '../../store/community-cases.js';
import { openStore } from '../../store/open.js';
import type { NewCommunityCase } from '../../thread/learn.js';
import { type CliCommand, type CliIo, EXIT_USAGE } from '../command.js';
import { commandConfig } from '../command-config.js';

const USAGE = `usage:
  doorman cases list [--db FILE]
  doorman cases withdraw ID [--db FILE]
  doorman cases export [--since DATE] [--for-kb] [--db FILE]
                                                      (JSON lines in the format of kb/cases on stdout; --for-kb keeps
                                                      the newest 5 per server, the shipped case base's cap)
  doorman cases import FILE [--db FILE]               (reviewed cases in the format of kb/cases)`;

class UsageError extends Error {}

const IdSchema = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
/** `YYYY-MM-DD` (UTC midnight) or a full ISO time. */
const SinceSchema = z
	.string()
	.regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/, 'must be a date such as 2026-01-31')
	.transform((s) => Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s))
	.refine((ms) => Number.isFinite(ms), 'must be a real date');

type Options = { db?: string; since?: string; 'for-kb'?: boolean };
const FLAGS: Record<string, { readonly flags: readonly (keyof Options)[]; readonly positional: boolean }> = {
	list: { flags: ['db'], positional: false },
	withdraw: { flags: ['db'], positional: true },
	export: { flags: ['since', 'db', 'for-kb'], positional: false },
	import: { flags: ['db'], positional: true },
};

function parse(args: readonly string[]): { sub: string; arg: string | null; values: Options } {
	let parsed: { values: Options; positionals: string[] };
	try {
		parsed = parseArgs({
			args: [...args],
			options: { db: { type: 'string' }, since: { type: 'string' }, 'for-kb': { type: 'boolean' } },
			allowPositionals: true,
			strict: true,
		});
	} catch (error) {
		throw new UsageError(error instanceof Error ? error.message : String(error));
	}
	const [sub, arg, ...extra] = parsed.positionals;
	if (sub === undefined) throw new UsageError('missing sub-command');
	const shape = FLAGS[sub];
	if (shape === undefined) throw new UsageError(`unknown sub-command '${sub}'`);
	for (const flag of Object.keys(parsed.values) as (keyof Options)[])
		if (!shape.flags.includes(flag)) throw new UsageError(`--${flag} does not apply to '${sub}'`);
	if (shape.positional && arg === undefined)
		throw new UsageError(`'${sub}' needs ${sub === 'import' ? 'a FILE' : 'a case id'}`);
	const unexpected = shape.positional ? extra[0] : arg;
	if (unexpected !== undefined) throw new UsageError(`unexpected argument '${unexpected}'`);
	return { sub, arg: arg ?? null, values: parsed.values };
}

function osUser(): string {
	try {
		return userInfo().username || 'operator';
	} catch {
		return 'operator';
	}
}

const when = (ms: number): string => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

/** A reviewed case as a community case: the reviewer's situation is both what it is matched by and its note. */
function importedCase(c: KbCase, reviewer: string): NewCommunityCase {
	return {
		threadId: `import:${c.id}`,
		escalationId: null,
		source: c.source,
		lang: c.lang,
		route: c.route,
		status: c.status,
		cause: c.cause,
		isNewCause: false,
		entry: c.entry ?? null,
		confirmedBy: 'review',
		actor: { id: `cli:${reviewer}`, name: `cli:${reviewer}` },
		note: c.situation,
		report: c.situation,
		error: c.error,
		learned: true,
	};
}

/** The newest `max` cases of each group (a Discord server, a repository), in their listed order. */
function newestPerGroup<T extends { readonly source: string }>(cases: readonly T[], max: number): T[] {
	const seen = new Map<string, number>();
	const keep = new Set<number>();
	for (let i = cases.length - 1; i >= 0; i--) {
		const group = caseGroup((cases[i] as T).source);
		const n = seen.get(group) ?? 0;
		if (n < max) keep.add(i);
		seen.set(group, n + 1);
	}
	return cases.filter((_, i) => keep.has(i));
}

/** `doorman cases`: the community cases learned from resolved threads; list, withdraw, export and import them. */
export const command: CliCommand = {
	name: 'cases',
	summary: 'list, withdraw, export (kb/cases format) or import community cases learned from resolved threads',
	usage: 'doorman cases list|withdraw|export|import …',
	async run(args, io) {
		try {
			return await run(args, io);
		} catch (error) {
			if (!(error instanceof UsageError)) throw error;
			io.stderr(`doorman cases: ${error.message}\n${USAGE}\n`);
			return EXIT_USAGE;
		}
	},
};

async function run(args: readonly string[], io: CliIo): Promise<number> {
	const { sub, arg, values } = parse(args);
	const since = values.since === undefined ? 0 : SinceSchema.safeParse(values.since);
	if (typeof since !== 'number' && !since.success)
		throw new UsageError(`--since ${since.error.issues[0]?.message ?? 'is invalid'}`);
	const config = commandConfig(io, 'doorman cases', values.db);
	if (config === null) return 1;
	let importing: KbCase[] = [];
	if (sub === 'import') {
		const file = path.resolve(io.cwd, arg ?? '');
		let text: string;
		try {
			text = readFileSync(file, 'utf8');
		} catch (error) {
			io.stderr(`doorman cases: cannot read ${file}: ${error instanceof Error ? error.message : String(error)}\n`);
			return 1;
		}
		// The same checks as `doorman kb lint` gives a case file: nothing is imported from a file with a problem. The
		// shipped base's cap of cases per forum is left out: these are the community's own threads, in its own database.
		const parsed = parseCaseFile(file, text);
		const entryIds = new Set(readKbDir(config.kbDir).flatMap((f) => (f.entry === null ? [] : [f.entry.id])));
		const problems = lintCases([parsed], entryIds, { perGroupCap: false });
		if (problems.length > 0) {
			for (const p of problems)
				io.stderr(`${formatProblem({ ...p, file: path.relative(io.cwd, p.file) || p.file })}\n`);
			io.stderr(`doorman cases: ${problems.length} problem(s); nothing imported\n`);
			return 1;
		}
		importing = parsed.cases.map((c) => c.value);
	}
	const { db } = openStore(config.databasePath);
	try {
		const repo = communityCaseRepository(db);
		const now = Date.now();
		if (sub === 'list') {
			const all = repo.listSince(0);
			if (all.length === 0) io.stdout('no community cases\n');
			for (const c of all) {
				const state = c.withdrawnAt !== null ? 'withdrawn' : c.learned ? 'learned' : 'recorded';
				io.stdout(
					`#${c.id}  ${when(c.createdAt)}  ${state.padEnd(9)}  ${c.cause}${c.isNewCause ? ' (new)' : ''}  ${c.route}  ${c.status ?? '-'}  ${c.lang}  by ${c.confirmedBy}  ${c.source}\n`,
				);
			}
			return 0;
		}
		if (sub === 'withdraw') {
			const id = IdSchema.safeParse(arg);
			if (!id.success) throw new UsageError(`'${arg}' is not a case id (a positive whole number)`);
			const existing = repo.get(id.data);
			if (existing === null) {
				io.stderr(`doorman cases: there is no community case #${id.data}\n`);
				return 1;
			}
			if (!repo.withdraw(id.data, `cli:${osUser()}`, now)) {
				io.stderr(`doorman cases: community case #${id.data} was already withdrawn\n`);
				return 1;
			}
			io.stdout(`withdrew community case #${id.data}: the matcher no longer uses it\n`);
			return 0;
		}
		if (sub === 'export') {
			const from = typeof since === 'number' ? since : since.data;
			const cases = repo
				.listSince(from)
				.filter((c) => c.withdrawnAt === null)
				.map(exportedCase);
			const kept = values['for-kb'] === true ? newestPerGroup(cases, MAX_CASES_PER_GROUP) : cases;
			for (const c of kept) io.stdout(`${JSON.stringify(c)}\n`);
			if (kept.length < cases.length)
				io.stderr(
					`doorman cases: left out ${cases.length - kept.length} older case(s): the shipped case base takes at most ${MAX_CASES_PER_GROUP} per server (export without --for-kb for all)\n`,
				);
			return 0;
		}
		const reviewer = osUser();
		const stored = db.transaction(() => importing.map((c) => repo.save(importedCase(c, reviewer), now).id))();
		io.stdout(`imported ${stored.length} reviewed case(s) as community cases\n`);
		return 0;
	} finally {
		db.close();
	}
}
