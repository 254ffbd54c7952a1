import { MAX_MODEL_CHARS } from './limits.js';

/** Model families, matched at the start of the model part of an id (after any `vendor/`). */
const FAMILY =
	/^(?:gpt|chatgpt|o[1-9](?![a-z])|text-|davinci|babbage|dall-e|whisper|tts|omni-moderation|codex|computer-use|claude|gemini|gemma|palm|chat-bison|text-bison|llama|meta-llama|codellama|mistral|mixtral|codestral|ministral|magistral|pixtral|devstral|open-mistral|deepseek|qwen|qwq|grok|command|phi|kimi|moonshot|glm|yi-|sonar|nova|titan|jamba|nemotron|granite|hermes|wizardlm|dbrx|ernie|minimax|doubao|hunyuan|baichuan|internlm|(?:us|eu|apac|global)\.|anthropic\.|amazon\.|meta\.|cohere\.|ai21\.|mistral\.)/;
/** Words that complete a model name without a digit (`gemini-pro`, `deepseek-chat`, `claude 3.5 sonnet`). */
export const TIER_WORDS = new Set([
	'pro',
	'flash',
	'lite',
	'mini',
	'nano',
	'turbo',
	'sonnet',
	'opus',
	'haiku',
	'instant',
	'preview',
	'latest',
	'max',
	'plus',
	'ultra',
	'vision',
	'chat',
	'instruct',
	'large',
	'medium',
	'small',
	'tiny',
	'reasoner',
	'coder',
	'beta',
	'exp',
	'thinking',
	'high',
	'low',
	'fast',
]);
/** Vendor prefixes of router ids (`openai/o3`) and Hugging Face-style repos. */
export const VENDORS = [
	'openai',
	'anthropic',
	'google',
	'meta-llama',
	'mistralai',
	'deepseek',
	'deepseek-ai',
	'x-ai',
	'xai',
	'qwen',
	'cohere',
	'microsoft',
	'nvidia',
	'moonshotai',
	'z-ai',
	'amazon',
	'perplexity',
	'nousresearch',
	'01-ai',
	'ai21',
	'minimax',
	'thudm',
	'meta',
	'mistral',
	'groq',
	'azure',
	'bedrock',
	'vertex_ai',
	'gemini',
	'ollama',
	'openrouter',
	'together',
	'fireworks',
] as const;

const FILE_EXTENSION = /\.(?:py|js|ts|mjs|cjs|json|md|txt|log|php|ya?ml|png|jpe?g|gif|html?|sh|toml|env|lock)$/;
const ARN =
	/^arn:aws[\w-]{0,10}:bedrock:[\w-]{0,30}:\d{0,12}:(?:foundation-model|inference-profile|application-inference-profile)\/(.{1,200})$/;
const METHOD_SUFFIX =
	/:(?:generatecontent|streamgeneratecontent|predict|rawpredict|streamrawpredict|invoke|invoke-with-response-stream|converse|converse-stream|counttokens|embedcontent)$/;
const PLACEHOLDER =
	/^(?:your|my|the|a|an|some|model|models|name|id|default|auto|none|null|undefined|string|xxx+)$|your-|model-name|<|>|\$\{|\{\{|redacted:/;

/**
 * Normalises a model id: trimmed, quotes and trailing punctuation removed, lower-cased, inner whitespace as `-`
 * (`Gemini 3.1 Pro` → `gemini-3.1-pro`), vendor prefix kept (`openai/o3`), Bedrock foundation-model and
 * inference-profile ARNs reduced to the model id, Google resource names reduced to the model (`models/gemini-pro`,
 * `…/publishers/google/models/gemini-pro:generateContent` → `gemini-pro`). Returns null for what is not an id.
 */
export function normaliseModelId(raw: string): string | null {
	let id = raw
		.trim()
		.replace(/^[`'"‘“([{<]{1,3}/, '')
		.replace(/[`'"’”)\]}>.,;:!?]{1,6}$/, '')
		.trim()
		.toLowerCase()
		.replace(/\s{1,20}/g, '-');
	const arn = ARN.exec(id);
	if (arn?.[1]) id = arn[1];
	const resource = id.lastIndexOf('models/');
	if (resource !== -1 && (resource === 0 || id.charAt(resource - 1) === '/'))
		id = id.slice(resource + 'models/'.length);
	id = id.replace(METHOD_SUFFIX, '');
	if (id.length < 2 || id.length > MAX_MODEL_CHARS) return null;
	if (!/^[a-z0-9][\w.:/@+-]*$/.test(id) || !/[a-z]/.test(id)) return null;
	if (id.includes('://') || FILE_EXTENSION.test(id) || PLACEHOLDER.test(id)) return null;
	return id;
}

/**
 * Whether a normalised id names a model by its shape: a known family (after an optional known vendor) with a version
 * digit or a tier word (`gpt-4o`, `gemini-pro`, `o3`, `claude-3.5`). Rejects product names such as `claude-code`.
 */
export function isModelLike(id: string): boolean {
	const slash = id.indexOf('/');
	let model = id;
	if (slash !== -1) {
		const vendor = id.slice(0, slash);
		if (!(VENDORS as readonly string[]).includes(vendor)) return false;
		model = id.slice(slash + 1);
	}
	if (!FAMILY.test(model)) return false;
	return /\d/.test(model) || model.split(/[-._:]/).some((part) => TIER_WORDS.has(part));
}
