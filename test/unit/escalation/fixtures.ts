import type {
	EscalationChanges,
	EscalationStore,
	NewAuditEntry,
	NewEscalation,
} from '../../../src/escalation/ports.js';
import { buildSummary, type CauseGuess, type ThreadInfo } from '../../../src/escalation/summary.js';
import type { AuditEntry, EscalationRecord } from '../../../src/escalation/types.js';
import { type VendorDirectory, vendorDirectory } from '../../../src/kb/vendors.js';
import type { Triage } from '../../../src/triage/types.js';
import { anError, aSnippet, aTriage as emptyTriage } from '../kb/a-triage.js';

/** Fake credentials of every shape the scrubber knows; none of them may appear in anything Doorman emits. */
export const PLANTED = {
	openaiProject: `sk-proj-${'A1b2C3d4E5'.repeat(4)}`,
	openai: `sk-${'Zy9Xw8Vu7T'.repeat(4)}`,
	openrouter: `sk-or-v1-${'0123456789abcdef'.repeat(4)}`,
	anthropic: `sk-ant-api03-${'QwErTy1234'.repeat(4)}`,
	google: `AIza${'SyA1b2C3d4'.repeat(3)}xYz12`,
	huggingface: `hf_${'AbCdEfGh12'.repeat(3)}xy`,
	groq: `gsk_${'MnOpQr3456'.repeat(5)}ab`,
	xai: `xai-${'StUvWx7890'.repeat(4)}`,
	aws: 'AKIAABCDEFGHIJKLMNOP',
	discord: `MTEwMDAwMDAwMDAwMDAwMDAwMQ.GhIjKl.${'aBcDeFgHiJ'.repeat(3)}12345678`,
	bearer: `Bearer ${'tOkEn5678Xy'.repeat(3)}`,
} as const;

export const PLANTED_VALUES: readonly string[] = Object.values(PLANTED).map((v) => v.replace(/^Bearer /, ''));

/** Every planted key found in `text` (empty means clean). */
export const leakedKeys = (text: string): string[] => PLANTED_VALUES.filter((k) => text.includes(k));

export const A_THREAD: ThreadInfo = {
	guildId: '1100000000000000001',
	threadId: '1100000000000000500',
	title: '403 on o3 via OpenRouter',
	ownerId: '1100000000000000100',
	ownerName: 'ana',
};

export const A_CAUSE: CauseGuess = {
	id: '403-openrouter-byok',
	title: 'BYOK key rejected by the provider',
	confidence: 0.42,
};

/** A triage result; `leaky` plants keys in every string, as if triage had missed them. */
export function aTriage(overrides: Partial<Triage> = {}, leaky = false): Triage {
	const k = leaky ? ` ${PLANTED.openaiProject} ${PLANTED.bearer}` : '';
	return emptyTriage({
		text: `Getting 403 on openai/o3${k}`,
		error: anError({
			status: 403,
			message: `Provider returned error${k}`,
			type: 'invalid_request_error',
			code: 'model_not_found',
			provider: 'OpenAI',
			requestId: 'req_abc123',
			layer: 'provider',
			exceptionClass: 'PermissionDeniedError',
			shapes: ['json'],
			excerpt: `{"error":{"message":"Provider returned error","code":403}}${k}\nAuthorization: ${PLANTED.bearer}${leaky ? `\nkey=${PLANTED.google}` : ''}`,
		}),
		model: 'openai/o3',
		models: ['openai/o3'],
		snippet: aSnippet({
			code: `from openai import OpenAI\nclient = OpenAI(base_url="https://openrouter.ai/api/v1", api_key="${leaky ? PLANTED.openrouter : '[REDACTED:openrouter]'}")`,
			language: 'python',
			sdk: 'openai-python',
			baseUrl: 'https://openrouter.ai/api/v1',
			host: 'openrouter.ai',
			hasHardcodedKey: true,
		}),
		route: 'openrouter',
		secrets: ['openrouter'],
		...overrides,
	});
}

/** An in-memory EscalationStore with the same contract as the SQLite one (revision checks included). */
export function memoryStore(): EscalationStore & { rows: EscalationRecord[]; audit: AuditEntry[] } {
	const rows: EscalationRecord[] = [];
	const audit: AuditEntry[] = [];
	const append = (escalationId: number, entry: NewAuditEntry, at: number): void => {
		audit.push({
			id: audit.length + 1,
			escalationId,
			actorId: entry.actor.id,
			actorName: entry.actor.name,
			action: entry.action,
			detail: entry.detail,
			at,
		});
	};
	return {
		rows,
		audit,
		create(e: NewEscalation, entry: NewAuditEntry, now: number) {
			if (rows.some((r) => r.threadId === e.threadId && r.episode === e.episode)) return null;
			const record: EscalationRecord = {
				...e,
				id: rows.length + 1,
				status: 'open',
				claimedBy: null,
				claimedByName: null,
				emailMessageId: null,
				emailSentAt: null,
				emailAttempts: 0,
				emailLastError: null,
				emailFailureCode: null,
				emailInFlightSince: null,
				nextEmailAttemptAt: null,
				modMessageId: null,
				note: null,
				closedBy: null,
				closedByName: null,
				closedAt: null,
				revision: 0,
				createdAt: now,
				updatedAt: now,
			};
			rows.push(record);
			append(record.id, entry, now);
			return record;
		},
		get: (id) => rows.find((r) => r.id === id) ?? null,
		latestForThread: (threadId) =>
			rows.filter((r) => r.threadId === threadId).sort((a, b) => b.episode - a.episode)[0] ?? null,
		list: (q) =>
			rows
				.filter((r) => q.status === undefined || r.status === q.status)
				.sort((a, b) => b.id - a.id)
				.slice(q.offset, q.offset + q.limit),
		count: (status) => rows.filter((r) => status === undefined || r.status === status).length,
		save(id: number, changes: EscalationChanges, expectedRevision: number, entry: NewAuditEntry | null, now: number) {
			const index = rows.findIndex((r) => r.id === id);
			const current = rows[index];
			if (current === undefined || current.revision !== expectedRevision) return null;
			const next = { ...current, ...changes, revision: current.revision + 1, updatedAt: now };
			rows[index] = next;
			if (entry !== null) append(id, entry, now);
			return next;
		},
		listAudit: (id) => audit.filter((a) => a.escalationId === id),
		listEmailDue: (now, limit) =>
			rows
				.filter(
					(r) =>
						r.emailMessageId === null &&
						r.nextEmailAttemptAt !== null &&
						r.nextEmailAttemptAt <= now &&
						(r.status === 'open' || r.status === 'claimed'),
				)
				.slice(0, limit),
		listUnfinished: (startedAt, limit) =>
			rows
				.filter(
					(r) =>
						r.status !== 'resolved' &&
						r.status !== 'dismissed' &&
						((r.modMessageId === null && r.createdAt < startedAt) ||
							(r.emailMessageId === null && r.emailInFlightSince !== null && r.emailInFlightSince < startedAt)),
				)
				.slice(0, limit),
	};
}

/** A clock tests move by hand. */
export function manualClock(start = Date.UTC(2025, 0, 2, 10, 0, 0)) {
	let now = start;
	return {
		now: () => now,
		advance: (ms: number) => {
			now += ms;
		},
		set: (ms: number) => {
			now = ms;
		},
	};
}

/** A stored escalation as the store returns it. */
export function aRecord(overrides: Partial<EscalationRecord> = {}): EscalationRecord {
	return {
		id: 12,
		threadId: A_THREAD.threadId,
		episode: 1,
		trigger: 'didnt_help',
		status: 'open',
		claimedBy: null,
		claimedByName: null,
		cause: A_CAUSE.id,
		confidence: A_CAUSE.confidence,
		summary: buildSummary({ thread: A_THREAD, triage: aTriage(), cause: A_CAUSE }),
		conversation: 'ana: 403 on o3',
		supportTo: 'support@openrouter.ai',
		emailSubject: 'HTTP 403',
		emailBody: 'Hello',
		emailMessageId: null,
		emailSentAt: null,
		emailAttempts: 0,
		emailLastError: null,
		emailFailureCode: null,
		emailInFlightSince: null,
		nextEmailAttemptAt: null,
		modMessageId: null,
		note: null,
		closedBy: null,
		closedByName: null,
		closedAt: null,
		revision: 0,
		createdAt: 0,
		updatedAt: 0,
		...overrides,
	};
}

/** Vendor records as `kb/vendors` holds them: an email router, form-only vendors, a router with nothing documented. */
export const VENDORS: VendorDirectory = vendorDirectory([
	{
		id: 'openrouter',
		name: 'OpenRouter',
		kind: 'router',
		support_email: 'support@openrouter.ai',
		support_form: 'https://openrouter.ai/support',
		docs: 'https://openrouter.ai/docs',
		sources: [{ field: 'support_email', url: 'https://openrouter.ai/docs/faq', section: 'Support', states: 'x' }],
		checked: '2026-12-01',
	},
	{
		id: 'onerouter',
		name: 'OneRouter',
		kind: 'router',
		docs: 'https://docs.onerouter.pro',
		sources: [
			{ field: 'docs', url: 'https://docs.onerouter.pro/api-reference/errors', section: 'Errors', states: 'x' },
		],
		checked: '2026-12-01',
	},
	{
		id: 'openai',
		name: 'OpenAI',
		kind: 'vendor',
		support_form: 'https://help.openai.com/en/articles/6614161-how-can-i-contact-support',
		sources: [
			{ field: 'support_form', url: 'https://help.openai.com/en/collections/3675947', section: 'x', states: 'x' },
		],
		checked: '2026-12-01',
	},
	{
		id: 'azure-openai',
		name: 'Azure OpenAI',
		kind: 'cloud',
		support_form: 'https://ms.portal.azure.com/#view/Microsoft_Azure_Support/NewSupportRequestV3Blade',
		sources: [{ field: 'support_form', url: 'https://learn.microsoft.com/x', section: 'x', states: 'x' }],
		checked: '2026-12-01',
	},
	{
		id: 'google-gemini',
		name: 'Google Gemini API (AI Studio)',
		kind: 'vendor',
		docs: 'https://ai.google.dev/gemini-api/docs',
		sources: [{ field: 'docs', url: 'https://ai.google.dev/gemini-api/docs', section: 'x', states: 'x' }],
		checked: '2026-12-01',
	},
	{
		id: 'google-cloud',
		name: 'Google Cloud Vertex AI',
		kind: 'cloud',
		support_form: 'https://console.cloud.google.com/support',
		sources: [{ field: 'support_form', url: 'https://cloud.google.com/x', section: 'x', states: 'x' }],
		checked: '2026-12-01',
	},
	{
		id: 'zhipu',
		name: 'Zhipu AI',
		kind: 'vendor',
		support_email: 'service@zhipuai.cn',
		sources: [{ field: 'support_email', url: 'https://docs.bigmodel.cn/cn/faq', section: 'x', states: 'x' }],
		checked: '2026-12-01',
	},
]);
