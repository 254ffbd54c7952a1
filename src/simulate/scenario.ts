import { z } from 'zod';

/** A file of a post: its text, or (an image, a screenshot) a file beside the scenario, by a relative path. */
const AttachmentSchema = z.union([
	z.strictObject({ name: z.string().min(1), text: z.string() }),
	z.strictObject({
		name: z.string().min(1),
		path: z
			.string()
			.min(1)
			.refine((p) => !p.startsWith('/'), 'a path relative to the scenario file'),
	}),
]);
const MemberSchema = z.object({
	name: z.string().min(1).max(32),
	/** Role names; `moderator` maps to the configured moderator role, `helper` to the helper role. */
	roles: z.array(z.enum(['moderator', 'helper'])).default([]),
});

const PostStep = z.object({
	post: z.object({
		by: z.string(),
		title: z.string().min(1).max(100),
		content: z.string().max(4000),
		attachments: z.array(AttachmentSchema).default([]),
	}),
});
const ReplyStep = z.object({
	reply: z.object({
		by: z.string(),
		content: z.string().max(4000),
		attachments: z.array(AttachmentSchema).default([]),
	}),
});
const ClickStep = z.object({ click: z.object({ by: z.string(), button: z.string().min(1) }) });
const EditStep = z.object({
	edit: z.object({
		by: z.string(),
		content: z.string().max(4000),
		/** `last`: the member's latest message in the thread (the post itself if none since); `post`: the post. */
		message: z.enum(['last', 'post']).default('last'),
	}),
});
const CommandStep = z.object({
	command: z.object({
		by: z.string(),
		name: z.string().min(1),
		subcommand: z.string().optional(),
		options: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
	}),
});

const STEP_KINDS = {
	post: PostStep.strict(),
	reply: ReplyStep.strict(),
	click: ClickStep.strict(),
	edit: EditStep.strict(),
	command: CommandStep.strict(),
};
const KIND_LIST = '{"post": …}, {"reply": …}, {"click": …}, {"edit": …}, {"command": …}';

/** A step is an object with exactly one key naming its kind; errors then point inside that kind. */
export const StepSchema = z.custom<unknown>().transform((value, ctx) => {
	const keys = value !== null && typeof value === 'object' ? Object.keys(value) : [];
	const kind = keys.length === 1 ? (keys[0] as keyof typeof STEP_KINDS) : undefined;
	const schema = kind === undefined ? undefined : STEP_KINDS[kind];
	if (schema === undefined) {
		ctx.addIssue({
			code: 'custom',
			message: `a step is one of ${KIND_LIST}`,
		});
		return z.NEVER;
	}
	const parsed = schema.safeParse(value);
	if (!parsed.success) {
		for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, code: 'custom', path: issue.path });
		return z.NEVER;
	}
	return parsed.data;
});
export type Step =
	| z.output<typeof PostStep>
	| z.output<typeof ReplyStep>
	| z.output<typeof ClickStep>
	| z.output<typeof EditStep>
	| z.output<typeof CommandStep>;

const ScenarioShape = z.strictObject({
	members: z.array(MemberSchema).min(1),
	steps: z.array(StepSchema).min(1),
});

export interface Scenario {
	readonly members: z.output<typeof MemberSchema>[];
	readonly steps: Step[];
}

/** Steps that act in the thread of the latest post. */
const IN_THREAD = new Set(['reply', 'click', 'edit']);

/**
 * Cross-step checks: every `by` is a member, and thread steps come after a post. They run on every step that is
 * well-formed, even when other parts of the file are not, so one run reports every problem.
 */
function crossCheck(raw: unknown): { path: PropertyKey[]; message: string }[] {
	const problems: { path: PropertyKey[]; message: string }[] = [];
	const record = (value: unknown): Record<string, unknown> | null =>
		value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
	const top = record(raw);
	const rawMembers = Array.isArray(top?.members) ? top.members : [];
	const names = new Set(
		rawMembers.flatMap((m) => {
			const name = record(m)?.name;
			return typeof name === 'string' ? [name] : [];
		}),
	);
	const rawSteps = Array.isArray(top?.steps) ? top.steps : [];
	let hasPost = false;
	rawSteps.forEach((step, index) => {
		const parsed = StepSchema.safeParse(step);
		if (!parsed.success) return;
		const [kind, body] = Object.entries(parsed.data as Step)[0] as [string, { by: string }];
		if (!names.has(body.by)) {
			problems.push({
				path: ['steps', index, kind, 'by'],
				message: `'${body.by}' is not in members (${[...names].join(', ')})`,
			});
		}
		if (kind === 'post') hasPost = true;
		else if (IN_THREAD.has(kind) && !hasPost) {
			problems.push({ path: ['steps', index, kind], message: `a ${kind} needs an earlier post` });
		}
	});
	return problems;
}

/** Parses a scenario, or explains every problem as `steps[2].reply.by: …`. */
export function parseScenario(input: unknown): { ok: true; scenario: Scenario } | { ok: false; problems: string[] } {
	const result = ScenarioShape.safeParse(input);
	const issues = [
		...(result.success ? [] : result.error.issues.map((i) => ({ path: i.path, message: i.message }))),
		...crossCheck(input),
	];
	if (result.success && issues.length === 0) {
		return { ok: true, scenario: { members: result.data.members, steps: result.data.steps as Step[] } };
	}
	return { ok: false, problems: issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`) };
}

function formatPath(path: readonly PropertyKey[]): string {
	return (
		path.reduce<string>(
			(acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc === '' ? String(key) : `${acc}.${String(key)}`),
			'',
		) || '(scenario)'
	);
}

/** One message as the transcript shows it. */
export interface TranscriptMessage {
	author: string;
	content: string;
	buttons: string[];
	/** Only for an ephemeral reply: the one member who sees it. */
	visibleTo?: string;
	/** Only for a message edited after it was sent. */
	edited?: true;
}

/** The JSON transcript contract of `doorman simulate --json`. */
export interface Transcript {
	threads: {
		title: string;
		tags: string[];
		messages: TranscriptMessage[];
	}[];
	/** The moderators' queue channel: one message per escalation, as last edited. */
	moderators: TranscriptMessage[];
	escalations: { thread: string; cause: string | null; status: string }[];
	emails: { to: string; subject: string; text: string }[];
}
