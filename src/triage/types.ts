import { z } from 'zod';

/** Which layer produced the error the user saw. */
export const ErrorLayerSchema = z.enum(['router', 'provider', 'cdn_waf', 'proxy', 'local_server', 'unknown']);
export type ErrorLayer = z.infer<typeof ErrorLayerSchema>;

/** Where the request was sent, derived from `base_url`, hosts in the text and prose. */
export const RouteSchema = z.enum([
	'openrouter',
	'onerouter',
	'openai',
	'azure-openai',
	'anthropic',
	'gemini',
	'vertex',
	'aws-bedrock',
	'github-models',
	'groq',
	'xai',
	'mistral',
	'deepseek',
	'ollama',
	'localhost',
	'relay',
	'unknown',
]);
export type Route = z.infer<typeof RouteSchema>;

/** Routes that front many vendors' models: routers, relays and local servers (and `unknown`). */
const FRONTING_ROUTES: readonly Route[] = ['openrouter', 'onerouter', 'ollama', 'localhost', 'relay', 'unknown'];

/** Routes that are one vendor's own API: every route but the fronting ones. */
export const VENDOR_ROUTES: readonly Route[] = RouteSchema.options.filter((r) => !FRONTING_ROUTES.includes(r));

/** The upstream provider error nested in a router envelope (OpenRouter `metadata`). */
export const ProviderErrorSchema = z.object({
	providerName: z.string().nullable(),
	/** The upstream body after parsing `metadata.raw` (itself often a JSON string). */
	raw: z.unknown().nullable(),
	/** Upstream message, code and type, when `raw` holds an error object. */
	message: z.string().nullable(),
	code: z.string().nullable(),
	type: z.string().nullable(),
	reasons: z.array(z.string()),
	flaggedInput: z.string().nullable(),
	modelSlug: z.string().nullable(),
});
export type ProviderError = z.infer<typeof ProviderErrorSchema>;

/** Facts kept from an HTML error page (never the whole page). */
export const HtmlPageSchema = z.object({
	title: z.string().nullable(),
	/** e.g. Cloudflare `1010`, `1020`. */
	errorCode: z.string().nullable(),
	server: z.string().nullable(),
	isCloudflare: z.boolean(),
});
export type HtmlPage = z.infer<typeof HtmlPageSchema>;

/** The error the user got, normalised from whatever shape they pasted. */
export const ErrorBodySchema = z.object({
	/** HTTP status, from a status line, `Error code: N`, the body's numeric `code`, or the exception class. */
	status: z.number().int().nullable(),
	message: z.string().nullable(),
	type: z.string().nullable(),
	/** Error code as a string (`model_not_found`, `PERMISSION_DENIED`, `1020`, `403`). */
	code: z.string().nullable(),
	param: z.string().nullable(),
	/** Provider named by the body or envelope (`OpenAI`, `Anthropic`, `Google`, `Azure` …). */
	provider: z.string().nullable(),
	requestId: z.string().nullable(),
	layer: ErrorLayerSchema,
	/** Exception class or SDK error name seen (`PermissionDeniedError`, `AccessDeniedException`). */
	exceptionClass: z.string().nullable(),
	/** Response headers that matter (lower-cased names): `server`, `cf-ray`, `x-squid-error`, `policy-id` … */
	headers: z.record(z.string(), z.string()),
	providerError: ProviderErrorSchema.nullable(),
	html: HtmlPageSchema.nullable(),
	/** Which shapes were recognised: `json`, `python-dict`, `node-sdk`, `http-dump`, `html`, `exception`, `prose`. */
	shapes: z.array(z.string()),
	/** The redacted error text, trimmed to a few KB, for summaries and matching. */
	excerpt: z.string(),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

export const SdkSchema = z.enum([
	'openai-python',
	'openai-node',
	'anthropic-python',
	'anthropic-node',
	'google-genai',
	'aws-sdk',
	'langchain',
	'litellm',
	'requests',
	'httpx',
	'fetch',
	'axios',
	'curl',
	'vercel-ai',
	'other',
]);
export type Sdk = z.infer<typeof SdkSchema>;

export const CodeSnippetSchema = z.object({
	/** Redacted code, trimmed. */
	code: z.string(),
	language: z.string().nullable(),
	sdk: SdkSchema.nullable(),
	baseUrl: z.string().nullable(),
	/** Host of `baseUrl` or of any API URL in the code. */
	host: z.string().nullable(),
	/** Routing / BYOK options seen: `provider`, `byok_conf`, `extra_body`, `models`, `route`. */
	routingOptions: z.array(z.string()),
	/** Header names set in the code (lower-cased), e.g. `http-referer`, `x-title`, `authorization`. */
	headers: z.array(z.string()),
	hasHardcodedKey: z.boolean(),
});
export type CodeSnippet = z.infer<typeof CodeSnippetSchema>;

export const SecretKindSchema = z.enum([
	'openai',
	'openai-project',
	'openrouter',
	'anthropic',
	'google',
	'azure',
	'groq',
	'xai',
	'huggingface',
	'aws-access-key',
	'aws-secret-key',
	'discord-token',
	'bearer-token',
	'github-token',
	'perplexity',
	'stripe',
	'replicate',
	'slack',
	'gitlab',
	'sendgrid',
	'npm',
	'google-oauth',
	'nvidia',
	'generic',
]);
export type SecretKind = z.infer<typeof SecretKindSchema>;

export const MissingInfoSchema = z.enum(['error_body', 'model', 'code']);
export type MissingInfo = z.infer<typeof MissingInfoSchema>;

/** An attachment triage did not read whole (longer than its share of the post, or past the attachment count). */
export const PartialAttachmentSchema = z.object({
	name: z.string(),
	/** Characters in the attachment as sent. */
	chars: z.number().int().nonnegative(),
	/** Characters of it that were read; 0 when it was not read at all. */
	readChars: z.number().int().nonnegative(),
	/** Characters read from its start and from its end. */
	headChars: z.number().int().nonnegative(),
	tailChars: z.number().int().nonnegative(),
	/** Parts read around error lines between head and tail. */
	excerpts: z.number().int().nonnegative(),
});
export type PartialAttachment = z.infer<typeof PartialAttachmentSchema>;

/** Everything triage extracts from a post. Every string in it is redacted. */
export const TriageSchema = z.object({
	/** The post text (title, body, attachments) with secrets redacted, bounded in size. */
	text: z.string(),
	error: ErrorBodySchema.nullable(),
	/** Normalised model id, vendor prefix kept (`openai/o3`, `gpt-4o`). */
	model: z.string().nullable(),
	/** Every model id mentioned, most likely first. */
	models: z.array(z.string()),
	snippet: CodeSnippetSchema.nullable(),
	route: RouteSchema,
	/** Kinds of secrets found and redacted; the raw values never leave the triage module. */
	secrets: z.array(SecretKindSchema),
	missing: z.array(MissingInfoSchema),
	/** True when input was cut at the size bound. */
	truncated: z.boolean(),
	/** Attachments not read whole, so the reply can say what was skipped (absent: all were read whole). */
	partialAttachments: z.array(PartialAttachmentSchema).optional(),
});
export type Triage = z.infer<typeof TriageSchema>;
