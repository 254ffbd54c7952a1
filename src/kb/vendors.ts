import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import type { Route } from '../triage/types.js';
import { isKnownCause } from './causes.js';
import type { KbProblem } from './errors.js';
import { compilePattern } from './normalise.js';
import { schemaProblems, type YamlPath, yamlLocator } from './yaml-lines.js';

/**
 * What a vendor record describes: the API's own maker (`vendor`), a router that forwards to many vendors
 * (`router`), a cloud platform that hosts vendors' models (`cloud`), relay or proxy software (`relay`), a local
 * server (`local`) or a network layer in front of an API (`network`).
 */
export const VENDOR_KINDS = ['vendor', 'router', 'cloud', 'relay', 'local', 'network'] as const;
export type VendorKind = (typeof VENDOR_KINDS)[number];

/** The contact fields of a record; each one present needs a `sources` item saying which page states it. */
export const CONTACT_FIELDS = ['support_email', 'support_form', 'status_page', 'docs'] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

const Text = z.string().trim().min(1);
const HttpsUrl = z.url({ protocol: /^https$/, hostname: z.regexes.domain });

/** A page that states one contact field: where it is, the section read, and what it states in our own words. */
export const VendorSourceSchema = z.strictObject({
	field: z.enum(CONTACT_FIELDS),
	url: HttpsUrl,
	section: Text.max(160),
	states: Text.max(400),
});
export type VendorSource = z.infer<typeof VendorSourceSchema>;

/**
 * A message only this vendor's own API prints (its key, balance or region refusal, exactly as printed), and the cause
 * the message itself blames. When it comes back on a post that configured another provider, the request reached
 * this vendor by mistake (see src/kb/answered-by.ts).
 */
export const OwnErrorSchema = z.strictObject({
	says: z.string().regex(/^[a-z0-9_]+$/),
	/** Case-insensitive pattern of the message. */
	pattern: Text,
	/** The message as printed; the pattern must match it (lint). */
	example: Text,
});
export type OwnError = z.infer<typeof OwnErrorSchema>;

/** One `kb/vendors/<id>.yaml` file. */
export const VendorSchema = z.strictObject({
	id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case (a-z, 0-9, -)'),
	name: Text.max(80),
	kind: z.enum(VENDOR_KINDS),
	/** A documented support email address (never a page or a sentence). */
	support_email: z.email().optional(),
	/** A documented support web form or page where requests are filed. */
	support_form: HttpsUrl.optional(),
	status_page: HttpsUrl.optional(),
	docs: HttpsUrl.optional(),
	sources: z.array(VendorSourceSchema).min(1),
	/** When the pages were last read (YYYY-MM-DD). */
	checked: z.iso.date(),
	/**
	 * Case-insensitive patterns for how a post names this vendor as the service it set up (its name, console, API host),
	 * not its SDK or a tool that carries its name.
	 */
	names: z.array(Text).optional(),
	/**
	 * Case-insensitive patterns for the model families only this vendor makes: on a post that asks an endpoint SDKs fall
	 * back to (`default_endpoint`) for one of them, the request was meant for someone else.
	 */
	models: z.array(Text).optional(),
	/** Messages only this vendor's API prints. */
	own_errors: z.array(OwnErrorSchema).optional(),
	/**
	 * True for the endpoint SDKs and tools fall back to when no base URL is set (OpenAI, Anthropic): a post that set a
	 * base URL of its own, or any OpenAI-compatible server, did not mean this vendor.
	 */
	default_endpoint: z.boolean().optional(),
});
export type Vendor = z.infer<typeof VendorSchema>;

/** A vendor file after parsing: the record when valid, and its problems with `file:line` positions. */
export interface ParsedVendorFile {
	readonly file: string;
	readonly vendor: Vendor | null;
	readonly problems: readonly KbProblem[];
}

/** The file name without folder and `.yaml`/`.yml`, which must equal the record's id. */
const baseName = (file: string): string => (file.split(/[\\/]/).pop() ?? file).replace(/\.ya?ml$/i, '');

/**
 * Parses and checks one vendor file. Pure: the caller reads the file. Besides the schema: the id equals the file
 * name, every contact field present has a source item, and every source item names a field the record has.
 */
export function parseVendorFile(file: string, text: string): ParsedVendorFile {
	const counter = new LineCounter();
	const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
	if (doc.errors.length > 0) {
		const problems = doc.errors.map((e) => ({
			file,
			line: counter.linePos(e.pos[0]).line,
			message: `YAML: ${e.message.split('\n')[0] ?? e.code}`,
		}));
		return { file, vendor: null, problems };
	}
	const lineOf = yamlLocator(doc, counter);
	const parsed = VendorSchema.safeParse(doc.toJS());
	if (!parsed.success) {
		const problems = schemaProblems(file, parsed.error.issues, lineOf);
		return { file, vendor: null, problems };
	}
	const vendor = parsed.data;
	const problems: KbProblem[] = [];
	const at = (path: YamlPath, message: string) => problems.push({ file, line: lineOf(path), message });
	if (vendor.id !== baseName(file)) at(['id'], `id '${vendor.id}' must equal the file name '${baseName(file)}'`);
	for (const field of CONTACT_FIELDS) {
		if (vendor[field] === undefined) continue;
		if (!vendor.sources.some((s) => s.field === field))
			at([field], `${field} has no sources item saying which page states it (add one with field: ${field})`);
	}
	vendor.names?.forEach((pattern, i) => {
		const problem = patternProblem(pattern);
		if (problem !== null) at(['names', i], `names.${i}: ${problem}`);
	});
	vendor.models?.forEach((pattern, i) => {
		const problem = patternProblem(pattern);
		if (problem !== null) at(['models', i], `models.${i}: ${problem}`);
	});
	vendor.own_errors?.forEach((e, i) => {
		const problem = patternProblem(e.pattern);
		if (problem !== null) at(['own_errors', i, 'pattern'], `own_errors.${i}.pattern: ${problem}`);
		else if (!compilePattern(e.pattern).test(e.example))
			at(['own_errors', i, 'example'], `own_errors.${i}: the pattern does not match its example`);
		if (!isKnownCause(e.says)) at(['own_errors', i, 'says'], `own_errors.${i}.says: '${e.says}' is not a cause id`);
	});
	vendor.sources.forEach((s, i) => {
		if (vendor[s.field] === undefined)
			at(['sources', i, 'field'], `sources.${i} is for ${s.field}, which this record does not have`);
	});
	return { file, vendor: problems.length === 0 ? vendor : null, problems };
}

/** Why a pattern is unusable (null: it compiles). */
function patternProblem(pattern: string): string | null {
	try {
		compilePattern(pattern);
		return null;
	} catch (error) {
		return `/${pattern}/ does not compile: ${error instanceof Error ? error.message : String(error)}`;
	}
}

/** Problems across vendor files: the same id in two files. */
export function lintVendorFiles(files: readonly ParsedVendorFile[]): KbProblem[] {
	const seen = new Map<string, string>();
	const problems: KbProblem[] = [];
	for (const f of files) {
		problems.push(...f.problems);
		if (f.vendor === null) continue;
		const first = seen.get(f.vendor.id);
		if (first !== undefined)
			problems.push({ file: f.file, line: 1, message: `vendor id '${f.vendor.id}' is also used by ${first}` });
		else seen.set(f.vendor.id, f.file);
	}
	return problems;
}

/** Every vendor record by id. */
export type VendorDirectory = ReadonlyMap<string, Vendor>;

export const vendorDirectory = (vendors: readonly Vendor[]): VendorDirectory => new Map(vendors.map((v) => [v.id, v]));

/**
 * The vendor record behind each triage route. `relay`, `localhost` and `unknown` name no one: a relay's operator
 * (the site the user signed up with) is not one of the records, and neither is the user's own machine.
 */
export const ROUTE_VENDOR: Readonly<Partial<Record<Route, string>>> = {
	openrouter: 'openrouter',
	onerouter: 'onerouter',
	openai: 'openai',
	'azure-openai': 'azure-openai',
	anthropic: 'anthropic',
	gemini: 'google-gemini',
	vertex: 'google-cloud',
	'aws-bedrock': 'aws-bedrock',
	'github-models': 'github',
	groq: 'groq',
	xai: 'xai',
	mistral: 'mistral',
	deepseek: 'deepseek',
	ollama: 'ollama',
};

/** The vendor id a triage route stands for, when there is a record for it. */
export function vendorOfRoute(route: string, vendors: VendorDirectory): string | null {
	const id = ROUTE_VENDOR[route as Route];
	return id !== undefined && vendors.has(id) ? id : null;
}

/**
 * KB entries' `providers` names → vendor ids. Names absent here (`any`, `relay`, `localhost`) name no single
 * vendor. A name equal to a vendor id maps to itself.
 */
const PROVIDER_VENDOR: Readonly<Record<string, string>> = {
	gemini: 'google-gemini',
	'google-ai-studio': 'google-gemini',
	vertex: 'google-cloud',
	'claude-code': 'anthropic',
	claude: 'anthropic',
	hunyuan: 'tencent-hunyuan',
	tencentcloud: 'tencent-hunyuan',
	'github-models': 'github',
	copilot: 'github',
	kimi: 'moonshot',
	bigmodel: 'zhipu',
	bailian: 'dashscope',
	alibaba: 'dashscope',
	ark: 'volcengine',
	baidu: 'qianfan',
};

/**
 * Provider names that stand for no single vendor: `any` (the cause is not one vendor's), `relay` (whoever runs the
 * relay the user went through) and `localhost` (the user's own machine). Every other name needs a vendor record.
 */
export const GENERIC_PROVIDERS: readonly string[] = ['any', 'relay', 'localhost'];

/** True when a KB entry's provider name stands for no single vendor (see `GENERIC_PROVIDERS`). */
export const isGenericProvider = (provider: string): boolean =>
	GENERIC_PROVIDERS.includes(provider.trim().toLowerCase());

/** The vendor id a KB entry's provider name stands for, or null (`any`, `relay`, an unknown name). */
export function vendorOfProvider(provider: string, vendors: VendorDirectory): string | null {
	const name = provider.trim().toLowerCase();
	const id = PROVIDER_VENDOR[name] ?? name;
	return vendors.has(id) ? id : null;
}

/**
 * Provider names as error bodies and router envelopes spell them (`OpenAI`, `Azure`, `Google AI Studio`,
 * `Amazon Bedrock` …) → vendor ids. Tested in order; the first match wins (Azure before OpenAI: "Azure OpenAI").
 */
const NAMED_VENDOR: readonly [RegExp, string][] = [
	[/azure/i, 'azure-openai'],
	[/vertex|google[ -]?cloud/i, 'google-cloud'],
	[/google|gemini|ai studio/i, 'google-gemini'],
	[/bedrock|amazon|\baws\b/i, 'aws-bedrock'],
	[/anthropic|claude/i, 'anthropic'],
	[/openai/i, 'openai'],
	[/\bx-?ai\b|grok/i, 'xai'],
	[/groq/i, 'groq'],
	[/mistral/i, 'mistral'],
	[/deepseek/i, 'deepseek'],
	[/cohere/i, 'cohere'],
	[/together/i, 'together'],
	[/fireworks/i, 'fireworks'],
	[/perplexity/i, 'perplexity'],
	[/moonshot|kimi/i, 'moonshot'],
	[/minimax/i, 'minimax'],
	[/zhipu|bigmodel|z\.ai/i, 'zhipu'],
	[/dashscope|alibaba|qwen/i, 'dashscope'],
	[/siliconflow/i, 'siliconflow'],
	[/hugging ?face/i, 'huggingface'],
	[/github/i, 'github'],
	[/cloudflare/i, 'cloudflare'],
];

/**
 * The vendor id a provider name found in an error body or router envelope stands for (`OpenAI` → `openai`,
 * `Google AI Studio` → `google-gemini`), whether or not a record exists for it; null for an unknown name.
 */
export function vendorIdOfName(name: string | null | undefined): string | null {
	if (name === null || name === undefined || name.trim() === '') return null;
	for (const [re, id] of NAMED_VENDOR) if (re.test(name)) return id;
	return null;
}

/** The vendor id of a provider name found in an error body or router envelope, when it has a record, or null. */
export function vendorOfName(name: string | null | undefined, vendors: VendorDirectory): string | null {
	const id = vendorIdOfName(name);
	return id !== null && vendors.has(id) ? id : null;
}

/** Model-id prefixes as routers write them (`openai/o3`, `anthropic/claude-…`, `google/gemini-…`) → vendor ids. */
const MODEL_PREFIX_VENDOR: Readonly<Record<string, string>> = {
	openai: 'openai',
	anthropic: 'anthropic',
	google: 'google-gemini',
	'x-ai': 'xai',
	xai: 'xai',
	mistralai: 'mistral',
	mistral: 'mistral',
	deepseek: 'deepseek',
	cohere: 'cohere',
	perplexity: 'perplexity',
	moonshotai: 'moonshot',
	qwen: 'dashscope',
	minimax: 'minimax',
	'z-ai': 'zhipu',
	zhipuai: 'zhipu',
};

/** Model families whose bare ids (no `vendor/` prefix) only their maker serves first-hand. */
const MODEL_FAMILY_VENDOR: readonly (readonly [RegExp, string])[] = [
	[/^(?:gpt-|chatgpt-|o[1345](?:-|$)|text-embedding-|dall-e|whisper-|tts-|codex-)/, 'openai'],
	[/^claude-/, 'anthropic'],
	[/^gemini-/, 'google-gemini'],
	[/^grok-/, 'xai'],
	[/^deepseek-/, 'deepseek'],
	[/^(?:mistral-|codestral|magistral|devstral|pixtral|ministral)/, 'mistral'],
	[/^command-/, 'cohere'],
	[/^sonar/, 'perplexity'],
	[/^(?:moonshot-|kimi-)/, 'moonshot'],
	[/^(?:glm-|chatglm)/, 'zhipu'],
	[/^(?:abab|minimax-)/, 'minimax'],
	[/^(?:ernie-|ernie_)/, 'qianfan'],
	[/^doubao-/, 'volcengine'],
	[/^hunyuan-/, 'tencent-hunyuan'],
];

/**
 * The vendor a model id names: by its router prefix (`openai/gpt-4o` → `openai`), or for a bare id by the family only
 * its maker serves first-hand (`gpt-4o` → `openai`, `claude-…` → `anthropic`); null otherwise.
 */
export function vendorOfModel(model: string | null | undefined, vendors: VendorDirectory): string | null {
	if (model === null || model === undefined) return null;
	const slash = model.indexOf('/');
	const id =
		slash > 0
			? MODEL_PREFIX_VENDOR[model.slice(0, slash).toLowerCase()]
			: slash === -1
				? MODEL_FAMILY_VENDOR.find(([family]) => family.test(model.toLowerCase()))?.[1]
				: undefined;
	return id !== undefined && vendors.has(id) ? id : null;
}

/** True for a bare email address (what a To: header may hold); false for pages, sentences and lists. */
export const isEmailAddress = (text: string | null | undefined): text is string =>
	typeof text === 'string' && z.email().safeParse(text.trim()).success;
