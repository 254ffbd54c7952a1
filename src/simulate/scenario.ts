import { z } from 'zod';

const AttachmentSchema = z.object({ name: z.string().min(1), text: z.string() });
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
	command: CommandStep.strict(),
};

/** A step is an object with exactly one key naming its kind; errors then point inside that kind. */
export const StepSchema = z.custom<unknown>().transform((value, ctx) => {
	const keys = value !== null && typeof value === 'object' ? Object.keys(value) : [];
	const kind = keys.length === 1 ? (keys[0] as keyof typeof STEP_KINDS) : undefined;
	const schema = kind === undefined ? undefined : STEP_KINDS[kind];
	if (schema === undefined) {
		ctx.addIssue({
			code: 'custom',
			message: `a step is one of {"post": …}, {"reply": …}, {"click": …}, {"command": …}`,
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
	| z.output<typeof CommandStep>;

export const ScenarioSchema = z
	.object({
		members: z.array(MemberSchema).min(1),
		steps: z.array(StepSchema).min(1),
	})
	.transform((s) => ({ members: s.members, steps: s.steps as Step[] }))
	.superRefine((scenario, ctx) => {
		const names = new Set(scenario.members.map((m) => m.name));
		let hasPost = false;
		scenario.steps.forEach((step, index) => {
			const [kind, body] = Object.entries(step)[0] as [string, { by: string }];
			if (!names.has(body.by)) {
				ctx.addIssue({
					code: 'custom',
					path: ['steps', index, kind, 'by'],
					message: `'${body.by}' is not in members (${[...names].join(', ')})`,
				});
			}
			if (kind === 'post') hasPost = true;
			else if ((kind === 'reply' || kind === 'click') && !hasPost) {
				ctx.addIssue({ code: 'custom', path: ['steps', index, kind], message: `a ${kind} needs an earlier post` });
			}
		});
	});
export type Scenario = z.infer<typeof ScenarioSchema>;

/** Parses a scenario, or explains each problem as `steps[2].reply.by: …`. */
export function parseScenario(input: unknown): { ok: true; scenario: Scenario } | { ok: false; problems: string[] } {
	const result = ScenarioSchema.safeParse(input);
	if (result.success) return { ok: true, scenario: result.data };
	return {
		ok: false,
		problems: result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`),
	};
}

function formatPath(path: readonly PropertyKey[]): string {
	return (
		path.reduce<string>(
			(acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc === '' ? String(key) : `${acc}.${String(key)}`),
			'',
		) || '(scenario)'
	);
}

/** The JSON transcript contract of `doorman simulate --json`. */
export interface Transcript {
	threads: {
		title: string;
		tags: string[];
		messages: { author: string; content: string; buttons: string[] }[];
	}[];
	escalations: { thread: string; cause: string | null; status: string }[];
	emails: { to: string; subject: string; text: string }[];
}
