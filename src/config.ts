import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { z } from 'zod';
import { DEFAULT_MATCH_THRESHOLD } from './model.js';
import { defaultKbDir } from './paths.js';
import { type LlmSettings, parseLlmSettings } from './settings/llm.js';
import type { OcrSettings } from './settings/ocr.js';
import type { SmtpSettings } from './settings/smtp.js';
import { describeUnknownSetting, findUnknownSettings } from './unknown-settings.js';

/** The languages replies can be in; the same list as POSTER_LANGUAGES (src/kb/entry-translation.ts, tested). */
export const SPOKEN_LANGUAGES = ['en', 'zh', 'es'] as const;
export type SpokenLanguage = (typeof SPOKEN_LANGUAGES)[number];
/** "en, zh or es", for the settings' hints. */
const LANGUAGE_LIST = `${SPOKEN_LANGUAGES.slice(0, -1).join(', ')} or ${SPOKEN_LANGUAGES.at(-1)}`;

/** A Discord snowflake: 17–20 digits. */
const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id (17–20 digits)');

/** Comma-separated list of snowflakes; empty means none. */
const snowflakeList = z
	.string()
	.transform((s) =>
		s
			.split(',')
			.map((p) => p.trim())
			.filter((p) => p.length > 0),
	)
	.pipe(z.array(snowflake));

/** `true`/`false` (and 1/0, yes/no, on/off); z.coerce.boolean would read "false" as true. */
const booleanFlag = z
	.string()
	.transform((v) => v.trim().toLowerCase())
	.pipe(z.enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off']))
	.transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const intInRange = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/**
 * Every setting, with the hint shown when it is wrong. The hints say what to put there;
 * `.env.example` lists the same names with defaults.
 */
const settings = {
	DISCORD_TOKEN: {
		schema: z.string().min(20, 'looks too short for a bot token').optional(),
		hint: 'the bot token from the Discord developer portal (Bot → Reset Token); leave empty to run the demo',
	},
	DISCORD_TOKEN_REQUIRED: {
		schema: booleanFlag.optional(),
		hint: 'true to make a missing DISCORD_TOKEN an error instead of running the demo (the Docker image sets true)',
	},
	DISCORD_API_URL: {
		schema: z.url({ protocol: /^https?$/ }).optional(),
		hint: 'REST base of a Discord-compatible server without the version, e.g. http://127.0.0.1:8080/api; leave empty for discord.com',
	},
	DISCORD_GUILD_ID: { schema: snowflake.optional(), hint: 'the id of your server (right-click it → Copy Server ID)' },
	FORUM_CHANNEL_IDS: {
		schema: snowflakeList.optional(),
		hint: 'comma-separated ids of the forum channels the bot watches',
	},
	MODERATOR_CHANNEL_ID: { schema: snowflake.optional(), hint: 'id of the text channel for the escalation queue' },
	MODERATOR_ROLE_IDS: { schema: snowflakeList.optional(), hint: 'comma-separated role ids of moderators' },
	HELPER_ROLE_IDS: {
		schema: snowflakeList.optional(),
		hint: 'comma-separated role ids of helpers (the bot steps back when they post)',
	},
	TAG_NEEDS_INFO: { schema: z.string().max(20).optional(), hint: 'name of the forum tag for "needs info" (max 20)' },
	TAG_ANSWERED: { schema: z.string().max(20).optional(), hint: 'name of the forum tag for "answered" (max 20)' },
	TAG_ESCALATED: { schema: z.string().max(20).optional(), hint: 'name of the forum tag for "escalated" (max 20)' },
	TAG_SOLVED: { schema: z.string().max(20).optional(), hint: 'name of the forum tag for "solved" (max 20)' },
	DATABASE_PATH: { schema: z.string().optional(), hint: 'path of the SQLite file, e.g. ./data/doorman.db' },
	RETENTION_DAYS: {
		schema: intInRange(1, 3650).optional(),
		hint: 'days to keep handled-message records, reply texts and closed escalations (default 90)',
	},
	LEARN_FROM_RESOLVED: {
		schema: booleanFlag.optional(),
		hint: 'false to stop keeping resolved threads as community cases the matcher learns from (default true)',
	},
	CATCH_UP_WINDOW_HOURS: {
		schema: intInRange(0, 24 * 365).optional(),
		hint: 'hours before the bot first started whose new, unanswered threads it still answers on first start (0 to 8760, default 0: only threads created after the first start)',
	},
	STOP_GRACE_MS: {
		schema: intInRange(0, 120_000).optional(),
		hint: 'on SIGTERM, how long in-flight work may finish before the rest is left pending for the next start, in ms (0 to 120000, default 8000, under the 10 s Docker gives)',
	},
	LOG_LEVEL: {
		schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
		hint: 'one of fatal, error, warn, info, debug, trace, silent',
	},
	LOG_FORMAT: { schema: z.enum(['auto', 'json', 'pretty']).optional(), hint: 'auto, json or pretty' },
	KB_DIR: { schema: z.string().optional(), hint: 'folder of knowledge-base Markdown files' },
	MATCH_THRESHOLD: {
		schema: z.coerce.number().min(0).max(1).optional(),
		hint: 'a number from 0 to 1: below this confidence the bot asks or escalates instead of answering',
	},
	DEFAULT_LANGUAGE: {
		schema: z.enum(SPOKEN_LANGUAGES).optional(),
		hint: `the language to answer in when a post's language is unclear: ${LANGUAGE_LIST} (default en)`,
	},
	MODERATOR_LANGUAGE: {
		schema: z.enum(SPOKEN_LANGUAGES).optional(),
		hint: `the language of what moderators read (the queue, its buttons, /doorman status, /doorman report, /escalations, doorman report): ${LANGUAGE_LIST} (default en; vendor emails stay English)`,
	},
	ATTACHMENT_MAX_BYTES: {
		schema: intInRange(1024, 8 * 1024 * 1024).optional(),
		hint: 'largest text attachment the bot downloads, in bytes (1024 to 8388608)',
	},
	OCR_ENABLED: {
		schema: booleanFlag.optional(),
		hint: 'false to never read text from image attachments (screenshots); default true when the OCR engine is installed',
	},
	OCR_ENGINE_PATH: {
		schema: z.string().optional(),
		hint: 'the tesseract program, a name on PATH or an absolute path, e.g. /usr/bin/tesseract (default tesseract)',
	},
	OCR_LANGUAGES: {
		schema: z
			.string()
			.regex(/^[a-z_]{3,16}(\+[a-z_]{3,16}){0,4}$/, 'must be tesseract language codes joined by +')
			.optional(),
		hint: 'tesseract languages joined by +, e.g. eng+chi_sim (the default)',
	},
	OCR_TIMEOUT_MS: {
		schema: intInRange(500, 120_000).optional(),
		hint: 'longest one image may take to read, in ms (500 to 120000; default 15000)',
	},
	OCR_MAX_BYTES: {
		schema: intInRange(1024, 25 * 1024 * 1024).optional(),
		hint: 'largest image attachment the bot reads, in bytes (1024 to 26214400; default 8388608)',
	},
	OCR_CONCURRENCY: {
		schema: intInRange(1, 8).optional(),
		hint: 'how many images are read at once (1 to 8; default 1)',
	},
	SUPPORT_EMAIL: {
		schema: z.email().optional(),
		hint: "your community's support desk: Cc on escalation emails to a vendor's documented address, To when the vendor documents none, e.g. support@example.com",
	},
	HTTP_PORT: {
		schema: intInRange(0, 65535).optional(),
		hint: 'port for /healthz and /metrics (0 = any free port); empty turns the endpoint off',
	},
	HTTP_HOST: { schema: z.string().optional(), hint: 'interface for /healthz and /metrics, e.g. 127.0.0.1 or 0.0.0.0' },
	HEALTH_MAX_EVENT_AGE_MS: {
		schema: intInRange(1000, 7 * 24 * 3600 * 1000).optional(),
		hint: 'fail /healthz when no Discord event arrived for this many ms; empty only reports the age',
	},
	LLM_BASE_URL: {
		schema: z.url({ protocol: /^https?$/ }).optional(),
		hint: 'OpenAI-compatible API base, e.g. https://openrouter.ai/api/v1 or http://127.0.0.1:11434/v1; empty keeps the LLM off',
	},
	LLM_API_KEY: { schema: z.string().optional(), hint: 'API key for LLM_BASE_URL (secret); empty for local servers' },
	LLM_MODEL: { schema: z.string().optional(), hint: 'model id at that endpoint, e.g. openai/gpt-4o-mini' },
	LLM_TIMEOUT_MS: { schema: intInRange(50, 120_000).optional(), hint: 'per-call timeout in ms (default 15000)' },
	LLM_MAX_TOKENS: { schema: intInRange(16, 8000).optional(), hint: 'max tokens per reply (default 700)' },
	LLM_DAILY_TOKEN_BUDGET: {
		schema: intInRange(0, 1_000_000_000).optional(),
		hint: 'tokens per UTC day before LLM calls stop (default 200000)',
	},
	LLM_PHRASE: {
		schema: booleanFlag.optional(),
		hint: 'true to let the LLM phrase KB answers (checked, with fallback)',
	},
	LLM_ASSIST: { schema: booleanFlag.optional(), hint: 'true to let the LLM rank causes when the matcher is unsure' },
	LLM_MODEL_CHECK: { schema: booleanFlag.optional(), hint: 'true to check model ids against the endpoint’s list' },
	SMTP_HOST: {
		schema: z.string().optional(),
		hint: 'SMTP server host, e.g. smtp.example.com; empty turns "Email support" off (users still get a draft)',
	},
	SMTP_PORT: { schema: intInRange(1, 65535).optional(), hint: 'SMTP port: 587 (STARTTLS, default) or 465 (TLS)' },
	SMTP_SECURE: { schema: booleanFlag.optional(), hint: 'true for TLS from the start (port 465), false for STARTTLS' },
	SMTP_USER: { schema: z.string().optional(), hint: 'SMTP login; empty for servers without one' },
	SMTP_PASSWORD: { schema: z.string().optional(), hint: 'SMTP password or app password (secret)' },
	SMTP_FROM: {
		schema: z
			.string()
			.regex(/^(.+<[^<>\s@]+@[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+)$/, 'must be an address or "Name <address>"')
			.optional(),
		hint: 'sender, e.g. Doorman <doorman@example.com>',
	},
	SMTP_REPLY_TO: { schema: z.email().optional(), hint: 'where vendor replies go, e.g. the moderators’ inbox' },
	COMMUNITY_NAME: { schema: z.string().max(100).optional(), hint: 'your community’s name, used in support emails' },
} as const;

type SettingName = keyof typeof settings;
type Parsed = { [K in SettingName]: z.output<(typeof settings)[K]['schema']> };

export interface Config {
	readonly discordToken: string | null;
	readonly discordApiUrl: string | null;
	readonly guildId: string | null;
	readonly forumChannelIds: readonly string[];
	readonly moderatorChannelId: string | null;
	readonly moderatorRoleIds: readonly string[];
	readonly helperRoleIds: readonly string[];
	readonly tags: {
		readonly needsInfo: string;
		readonly answered: string;
		readonly escalated: string;
		readonly solved: string;
	};
	readonly databasePath: string;
	readonly retentionDays: number;
	/** LEARN_FROM_RESOLVED: a confirmed cause stores the thread's report as a community case the matcher uses. */
	readonly learnFromResolved: boolean;
	/** Threads created this many hours before the first start are still caught up (default 0). */
	readonly catchUpWindowHours: number;
	/** On SIGTERM, how long in-flight work may finish before the rest is left pending (ms, default 8000). */
	readonly stopGraceMs: number;
	readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
	readonly logFormat: 'auto' | 'json' | 'pretty';
	readonly kbDir: string;
	readonly matchThreshold: number;
	/** The language of replies when a post's own words do not tell (DEFAULT_LANGUAGE). */
	readonly defaultLanguage: SpokenLanguage;
	/**
	 * The language of what moderators read: the queue message and its buttons, `/doorman status`, `/escalations`, the
	 * storage notice (MODERATOR_LANGUAGE). Vendor emails stay English: support desks read English.
	 */
	readonly moderatorLanguage: SpokenLanguage;
	readonly attachmentMaxBytes: number;
	/** Null when OCR_ENABLED=false: image attachments are not read. */
	readonly ocr: OcrSettings | null;
	readonly supportEmail: string | null;
	/** Null when SMTP_HOST is unset: no "Email support" button, the user-facing draft is the path. */
	readonly smtp: SmtpSettings | null;
	readonly communityName: string | null;
	/** Null when LLM_BASE_URL is unset: the bot answers from the KB alone. */
	readonly llm: LlmSettings | null;
	/** Null: no HTTP endpoint. */
	readonly http: { readonly host: string; readonly port: number; readonly maxEventAgeMs: number | null } | null;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/** The printout of configuration problems every command gives: a heading and one problem a line. */
export function formatConfigProblems(problems: readonly string[]): string {
	return `configuration problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`;
}

export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Validates settings from an environment map. Empty strings count as unset.
 * Returns every problem at once, one line each: `NAME: problem — what to put there`.
 */
export function parseConfig(env: Environment, cwd: string): ConfigResult {
	const problems: string[] = [];
	const parsed: Partial<Record<SettingName, unknown>> = {};
	for (const name of Object.keys(settings) as SettingName[]) {
		const raw = env[name]?.trim();
		const value = raw === undefined || raw === '' ? undefined : raw;
		const { schema, hint } = settings[name];
		const result = schema.safeParse(value);
		if (result.success) parsed[name] = result.data;
		else problems.push(`${name}: ${result.error.issues[0]?.message ?? 'invalid'} — ${hint}`);
	}
	const p = parsed as Parsed;
	if (p.DISCORD_TOKEN === undefined && p.DISCORD_TOKEN_REQUIRED === true) {
		// In a container a restart policy would otherwise keep restarting the demo instead of the bot.
		problems.push(
			`DISCORD_TOKEN: required here (DISCORD_TOKEN_REQUIRED=true, as in the Docker image), so the demo does not run — ${settings.DISCORD_TOKEN.hint.replace(/; leave empty.*$/, '')}`,
		);
	}
	if (p.DISCORD_TOKEN !== undefined && (p.FORUM_CHANNEL_IDS ?? []).length === 0) {
		problems.push(`FORUM_CHANNEL_IDS: required when DISCORD_TOKEN is set — ${settings.FORUM_CHANNEL_IDS.hint}`);
	}
	if (p.SMTP_HOST !== undefined && p.SMTP_FROM === undefined) {
		problems.push(`SMTP_FROM: required when SMTP_HOST is set — ${settings.SMTP_FROM.hint}`);
	}
	if (p.SMTP_USER !== undefined && p.SMTP_PASSWORD === undefined) {
		problems.push(`SMTP_PASSWORD: required when SMTP_USER is set — ${settings.SMTP_PASSWORD.hint}`);
	}
	if (p.LLM_BASE_URL !== undefined && p.LLM_MODEL === undefined) {
		problems.push(`LLM_MODEL: required when LLM_BASE_URL is set — ${settings.LLM_MODEL.hint}`);
	}
	if (problems.length > 0) return { ok: false, problems };
	const llm =
		p.LLM_BASE_URL === undefined || p.LLM_MODEL === undefined
			? null
			: parseLlmSettings({
					baseUrl: p.LLM_BASE_URL,
					apiKey: p.LLM_API_KEY ?? '',
					model: p.LLM_MODEL,
					...(p.LLM_TIMEOUT_MS === undefined ? {} : { timeoutMs: p.LLM_TIMEOUT_MS }),
					...(p.LLM_MAX_TOKENS === undefined ? {} : { maxTokens: p.LLM_MAX_TOKENS }),
					...(p.LLM_DAILY_TOKEN_BUDGET === undefined ? {} : { dailyTokenBudget: p.LLM_DAILY_TOKEN_BUDGET }),
					phrase: p.LLM_PHRASE ?? false,
					assist: p.LLM_ASSIST ?? false,
					modelCheck: p.LLM_MODEL_CHECK ?? false,
				});
	const secure = p.SMTP_SECURE ?? false;
	const smtp: SmtpSettings | null =
		p.SMTP_HOST === undefined || p.SMTP_FROM === undefined
			? null
			: {
					host: p.SMTP_HOST,
					port: p.SMTP_PORT ?? (secure ? 465 : 587),
					secure,
					from: p.SMTP_FROM,
					...(p.SMTP_USER === undefined ? {} : { user: p.SMTP_USER }),
					...(p.SMTP_PASSWORD === undefined ? {} : { password: p.SMTP_PASSWORD }),
					...(p.SMTP_REPLY_TO === undefined ? {} : { replyTo: p.SMTP_REPLY_TO }),
				};
	const config: Config = {
		discordToken: p.DISCORD_TOKEN ?? null,
		discordApiUrl: p.DISCORD_API_URL ?? null,
		guildId: p.DISCORD_GUILD_ID ?? null,
		forumChannelIds: p.FORUM_CHANNEL_IDS ?? [],
		moderatorChannelId: p.MODERATOR_CHANNEL_ID ?? null,
		moderatorRoleIds: p.MODERATOR_ROLE_IDS ?? [],
		helperRoleIds: p.HELPER_ROLE_IDS ?? [],
		tags: {
			needsInfo: p.TAG_NEEDS_INFO ?? 'Needs info',
			answered: p.TAG_ANSWERED ?? 'Answered',
			escalated: p.TAG_ESCALATED ?? 'Escalated',
			solved: p.TAG_SOLVED ?? 'Solved',
		},
		databasePath: path.resolve(cwd, p.DATABASE_PATH ?? './data/doorman.db'),
		retentionDays: p.RETENTION_DAYS ?? 90,
		learnFromResolved: p.LEARN_FROM_RESOLVED ?? true,
		catchUpWindowHours: p.CATCH_UP_WINDOW_HOURS ?? 0,
		stopGraceMs: p.STOP_GRACE_MS ?? 8000,
		logLevel: p.LOG_LEVEL ?? 'info',
		logFormat: p.LOG_FORMAT ?? 'auto',
		kbDir: p.KB_DIR === undefined ? defaultKbDir() : path.resolve(cwd, p.KB_DIR),
		matchThreshold: p.MATCH_THRESHOLD ?? DEFAULT_MATCH_THRESHOLD,
		defaultLanguage: p.DEFAULT_LANGUAGE ?? 'en',
		moderatorLanguage: p.MODERATOR_LANGUAGE ?? 'en',
		attachmentMaxBytes: p.ATTACHMENT_MAX_BYTES ?? 1024 * 1024,
		ocr:
			p.OCR_ENABLED === false
				? null
				: {
						enginePath: p.OCR_ENGINE_PATH ?? 'tesseract',
						languages: p.OCR_LANGUAGES ?? 'eng+chi_sim',
						timeoutMs: p.OCR_TIMEOUT_MS ?? 15_000,
						maxBytes: p.OCR_MAX_BYTES ?? 8 * 1024 * 1024,
						concurrency: p.OCR_CONCURRENCY ?? 1,
						env: childEnvironment(env),
					},
		supportEmail: p.SUPPORT_EMAIL ?? null,
		smtp,
		llm,
		communityName: p.COMMUNITY_NAME ?? null,
		http:
			p.HTTP_PORT === undefined
				? null
				: { host: p.HTTP_HOST ?? '127.0.0.1', port: p.HTTP_PORT, maxEventAgeMs: p.HEALTH_MAX_EVENT_AGE_MS ?? null },
	};
	return { ok: true, config: Object.freeze(config) };
}

/** The OCR child's environment: only what it needs to find the program and its language data (no tokens). */
function childEnvironment(env: Environment): Record<string, string> {
	const out: Record<string, string> = {};
	for (const name of ['PATH', 'TESSDATA_PREFIX', 'LANG']) {
		const value = env[name];
		if (value !== undefined && value !== '') out[name] = value;
	}
	return out;
}

/**
 * The process environment merged over `.env` in `cwd` (the real environment wins, as with dotenv).
 * This is the only place in Doorman that reads `process.env`.
 */
export function readEnvironment(cwd: string = process.cwd()): Environment {
	const file = path.join(cwd, '.env');
	const fromFile = existsSync(file) ? parseDotenv(readFileSync(file)) : {};
	return { ...fromFile, ...process.env };
}

/** The names set in `.env` in `cwd` and in the real environment, apart, for {@link unknownSettingWarnings}. */
export function readEnvironmentNames(cwd: string = process.cwd()): { file: string[]; environment: string[] } {
	const file = path.join(cwd, '.env');
	return {
		file: existsSync(file) ? Object.keys(parseDotenv(readFileSync(file))) : [],
		environment: Object.keys(process.env),
	};
}

/**
 * One warning line per name in `.env` or the environment that looks meant for Doorman but is not a setting, with
 * the closest setting (`DISCORD_TOKE` → `DISCORD_TOKEN`). Printed at start; never stops it.
 */
export function unknownSettingWarnings(names: { file: readonly string[]; environment: readonly string[] }): string[] {
	return findUnknownSettings(names, settingNames()).map(describeUnknownSetting);
}

/** Names of all settings, for `.env.example` checks. */
export const settingNames = (): readonly string[] => Object.keys(settings);
