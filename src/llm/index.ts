/** The optional LLM adapter: the only place that imports `openai`. */

export {
	isLlmEnabled,
	type LlmSettings,
	type LlmSettingsInput,
	LlmSettingsSchema,
	parseLlmSettings,
} from '../settings/llm.js';
export { createLlmClient, type LlmClient, type LlmClientDeps, noLlm } from './client.js';
export { classifyError, LlmError } from './errors.js';
export { checkPhrased } from './grounding.js';
export {
	checkModel,
	knownModels,
	type ModelCheckResult,
	modelCheck,
	modelSimilarity,
	nearestModels,
} from './model-check.js';
export type {
	ModelCache,
	TokenLedger,
} from './ports.js';
export { MAX_SUMMARY_BYTES } from './prompts.js';
export { PHRASED_REPLY_LIMIT, type RenderOptions, renderPhrased } from './render.js';
export type { PhrasedAnswer, PhrasedJson } from './schemas.js';
export type * from './types.js';
