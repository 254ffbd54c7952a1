import { describe, expect, it } from 'vitest';
import type { CommunityCase } from '../../../src/kb/community-case.js';
import { buildGapReport, isoWeek, normaliseErrorMessage, type ReportThread } from '../../../src/thread/gap-report.js';
import { formatReportText, parseSince } from '../../../src/thread/gap-report-text.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 5, 12);

const aThread = (n: number, body: string, outcomes: string[], overrides: Partial<ReportThread> = {}): ReportThread => ({
	threadId: `t${n}`,
	guildId: 'g',
	title: `thread ${n}`,
	state: 'answered',
	createdAt: T0 + n * DAY,
	outcomes,
	owner: { title: `thread ${n}`, body, attachments: [] },
	...overrides,
});

describe('normaliseErrorMessage', () => {
	it('strips what differs between two reports of one error: ids, numbers, keys, emails; keeps the status', () => {
		const a = normaliseErrorMessage(
			'403 Workspace ws_8f3kd93kdk2kd9 locked for org-7FQ2kLm9xP4rT8zA at 12:31 (request 3f1c2a9e-1b2c-4d5e-8f90-123456789abc) [REDACTED:openai-project] mail a@b.io',
		);
		const b = normaliseErrorMessage(
			'403  workspace ws_0000111122223333 locked for org-AAAAbbbbCCCCdddd1 at 09:02 (request 00000000-1b2c-4d5e-8f90-123456789abc) [REDACTED:openai-legacy] mail x@y.com',
		);
		expect(a).toBe(b);
		expect(a).toMatch(/^403 workspace <id> locked for <id> at <n>:<n> \(request <id>\) <key> mail <email>$/);
	});
});

describe('isoWeek', () => {
	it('counts ISO weeks, the year taken from the week’s Thursday', () => {
		expect(isoWeek(Date.UTC(2026, 0, 1))).toBe('2026-W01');
		expect(isoWeek(Date.UTC(2025, 11, 29))).toBe('2026-W01');
		expect(isoWeek(Date.UTC(2027, 0, 1))).toBe('2026-W53');
		expect(isoWeek(Date.UTC(2026, 0, 5))).toBe('2026-W02');
	});
});

describe('buildGapReport', () => {
	const locked =
		'403 {"error":{"code":"workspace_locked","message":"Workspace ws_1234567890ab locked by administrator"}}';
	const confirmed: CommunityCase = {
		id: 4,
		threadId: 't1',
		escalationId: 1,
		source: 'https://discord.com/channels/g/t1',
		lang: 'en',
		route: 'unknown',
		status: 403,
		cause: 'account_suspended_or_banned',
		isNewCause: false,
		entry: null,
		confirmedBy: 'moderator',
		actorName: 'mod',
		note: null,
		report: 'x',
		error: '',
		learned: true,
		withdrawnAt: null,
		createdAt: T0 + 2 * DAY,
	};
	const report = buildGapReport({
		since: T0,
		now: T0 + 20 * DAY,
		threads: [
			aThread(1, locked, ['ask: MISSING:model'], { state: 'solved' }),
			aThread(2, locked.replace('1234567890ab', 'ffffeeee0000'), ['abstain: LOW_CONFIDENCE']),
			aThread(3, '调用接口返回 403 Country, region, or territory not supported', [
				'answer: MATCHED:unsupported_region@0.91',
			]),
			aThread(9, 'hello', ['redirect: HOW_TO'], { owner: null }),
		],
		escalations: [{ threadId: 't1', trigger: 'asked_for_human', createdAt: T0 + DAY }],
		answers: [{ threadId: 't3', entryId: 'openai-region', cause: 'unsupported_region', at: T0 + 3 * DAY }],
		feedback: [
			{ threadId: 't3', action: 'solved', at: T0 + 4 * DAY },
			{ threadId: 't9', action: 'didnt_help', at: T0 + 9 * DAY },
		],
		confirmed: [confirmed, { ...confirmed, id: 5, threadId: 't8', cause: 'sso_lockout', isNewCause: true }],
	});

	it('counts posts and what the bot did with them', () => {
		expect(report.totals).toEqual({ posts: 4, answered: 1, asked: 1, abstained: 1, escalated: 1, solved: 1 });
		expect(report.threads.map((t) => t.outcome)).toEqual(['escalated', 'abstained', 'answered', 'other']);
		expect(report.byLanguage).toEqual([
			{ lang: 'en', posts: 3, answered: 0 },
			{ lang: 'zh', posts: 1, answered: 1 },
		]);
		expect(report.byWeek.map((w) => w.week)).toEqual(['2026-W02', '2026-W03']);
	});

	it('groups the unplaced errors, biggest first, and marks a gap a person closed', () => {
		expect(report.gaps).toHaveLength(1);
		expect(report.gaps[0]).toMatchObject({
			count: 2,
			message: expect.stringContaining('workspace <id> locked by administrator'),
			closedBy: { cause: 'account_suspended_or_banned', caseId: 4 },
		});
	});

	it('credits feedback to the entry that answered; lists new causes', () => {
		expect(report.entries).toEqual([
			{ entryId: 'openai-region', cause: 'unsupported_region', answers: 1, solved: 1, didntHelp: 0 },
		]);
		expect(report.newCauses).toEqual([{ cause: 'sso_lockout', caseId: 5, link: confirmed.source, by: 'mod' }]);
		expect(report.byCause.find((c) => c.cause === 'account_suspended_or_banned')).toEqual({
			cause: 'account_suspended_or_banned',
			answered: 0,
			confirmed: 1,
		});
	});

	it('reads as text with the figures first', () => {
		const text = formatReportText(report);
		expect(text).toMatch(/^Doorman report 2026-01-05 – 2026-01-25\nposts 4 · answered 1 · asked 1/);
		expect(text).toContain('2× 403 workspace <id> locked by administrator — closed: account_suspended_or_banned');
	});

	it("reads in the moderators' language; error messages, cause ids and links stay as stored", () => {
		const text = formatReportText(report, { rows: 10 }, 'zh');
		expect(text).toMatch(/^Doorman 报告 2026-01-05 – 2026-01-25\n帖子 4 · 已回答 1 · 已追问 1/);
		expect(text).toContain(
			'2× 403 workspace <id> locked by administrator — 已结案：account_suspended_or_banned（社区案例 #4）',
		);
		expect(text).toContain('openai-region：回答 1 次，已解决 1 次，没有帮助 0 次');
		expect(text).toContain(`sso_lockout（社区案例 #5，${confirmed.source}）`);
		expect(text).not.toMatch(/\b(?:posts|answered|none|By week)\b/);
	});
});

describe('parseSince', () => {
	it('reads 30d, 8w and dates; refuses anything else', () => {
		expect(parseSince('30d', 100 * DAY)).toBe(70 * DAY);
		expect(parseSince('2w', 100 * DAY)).toBe(86 * DAY);
		expect(parseSince('2026-01-31', 0)).toBe(Date.UTC(2026, 0, 31));
		expect(parseSince('soon', 0)).toBeNull();
	});
});
