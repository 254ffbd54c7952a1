/**
 * Documentation pages a KB citation may point at. `doorman kb lint` rejects any other citation URL, so an entry can
 * never cite a page nobody checked (the anchor failure: a 403 answered with an OAuth PKCE page).
 * Add a page here only together with the sentence from it that the entry quotes.
 */

/** The official pages named in the project's fact sheet (`shared/kb/facts.md`); tests check each quote against it. */
export const FACT_SHEET_SOURCES: readonly string[] = [
	'https://ai.google.dev/gemini-api/docs/available-regions',
	'https://ai.google.dev/gemini-api/docs/troubleshooting',
	'https://api-docs.deepseek.com/quick_start/error_codes',
	'https://console.groq.com/docs/errors',
	'https://console.groq.com/docs/model-permissions',
	'https://developers.cloudflare.com/fundamentals/reference/cloudflare-ray-id/',
	'https://developers.cloudflare.com/rules/custom-errors/reference/error-page-types/',
	'https://developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-1xxx-errors/error-1020/',
	'https://developers.openai.com/api/docs/guides/rate-limits',
	'https://developers.openai.com/api/docs/guides/rate-limits/usage-tiers',
	'https://developers.openai.com/docs/guides/error-codes',
	'https://docs.anthropic.com/en/api/supported-regions',
	'https://docs.aws.amazon.com/bedrock/latest/userguide/model-access.html',
	'https://docs.aws.amazon.com/bedrock/latest/userguide/troubleshooting-api-error-codes.html',
	'https://docs.claude.com/en/api/errors',
	'https://docs.onerouter.pro/api-reference/byok',
	'https://docs.onerouter.pro/api-reference/byok/openai',
	'https://docs.onerouter.pro/api-reference/errors',
	'https://help.openai.com/en/articles/10362446-api-access-to-o1-o3-and-o4-models',
	'https://help.openai.com/en/articles/10910291-api-organization-verification',
	'https://help.openai.com/en/articles/9186755-managing-your-work-in-platform-with-projects',
	'https://learn.microsoft.com/en-us/azure/ai-foundry/openai/concepts/abuse-monitoring',
	'https://learn.microsoft.com/en-us/azure/ai-foundry/openai/how-to/role-based-access-control',
	'https://learn.microsoft.com/en-us/azure/ai-services/cognitive-services-virtual-networks',
	'https://learn.microsoft.com/en-us/azure/ai-services/openai/concepts/content-filter',
	'https://openrouter.ai/announcements/guardrails',
	'https://openrouter.ai/docs/api/errors',
	'https://openrouter.ai/docs/api/reference/errors-and-debugging',
	'https://openrouter.ai/docs/api_reference/limits',
	'https://openrouter.ai/docs/errors',
	'https://openrouter.ai/docs/features/byok',
	'https://openrouter.ai/docs/features/provider-routing',
	'https://openrouter.ai/docs/guides/best-practices/uptime-optimization',
	'https://openrouter.ai/docs/guides/features/guardrails',
	'https://openrouter.ai/docs/integrations',
	'https://openrouter.ai/docs/oauth',
	'https://openrouter.ai/openai/o3-pro',
];

/**
 * Vendor pages read (in the search tool's stored copies of documentation sites) while building the case base, for
 * vendors the fact sheet does not cover (DashScope, Zhipu, Moonshot, Volcengine, LiteLLM, new-api, Ollama, LM Studio,
 * Hugging Face …). Each quote was copied from the page as read; the fact sheet cannot re-check it offline.
 */
export const SEARCHED_SOURCES: readonly string[] = [
	'https://ai.google.dev/gemini-api/docs/api-key',
	'https://ai.google.dev/gemini-api/docs/billing',
	'https://ai.google.dev/gemini-api/docs/deprecations',
	'https://ai.google.dev/gemini-api/docs/rate-limits',
	'https://ai.google.dev/gemini-api/docs/safety-settings',
	'https://code.claude.com/docs/en/env-vars',
	'https://console.groq.com/docs/deprecations',
	'https://docs.aws.amazon.com/bedrock/latest/userguide/cross-region-inference-support.html',
	'https://docs.aws.amazon.com/botocore/latest/reference/services/bedrock-runtime/client/exceptions/ThrottlingException.html',
	'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/bedrockruntime/aws.sdk.kotlin.services.bedrockruntime.model/-invoke-model-request/model-id.html',
	'https://docs.bigmodel.cn/cn/api/api-code',
	'https://docs.bigmodel.cn/cn/api/rate-limit',
	'https://docs.bigmodel.cn/cn/faq',
	'https://docs.cloud.google.com/gemini/docs/manage-licenses',
	'https://docs.github.com/copilot/concepts/policies',
	'https://docs.github.com/en/rest/models/inference',
	'https://docs.litellm.ai/docs/proxy/access_management/llm',
	'https://docs.litellm.ai/docs/proxy/model_access',
	'https://docs.newapi.ai/en/docs/guide/feature-guide/admin/channel',
	'https://docs.newapi.pro/en/docs/guide/feature-guide/user/token',
	'https://docs.ollama.com/faq',
	'https://docs.x.ai/console/billing',
	'https://docs.x.ai/docs/teams-and-billing',
	'https://geminicli.com/docs/get-started/authentication',
	'https://help.aliyun.com/en/model-studio/error-code',
	'https://help.aliyun.com/en/model-studio/error-code-start',
	'https://help.openai.com/en/articles/10562188-why-was-my-openai-account-deactivated',
	'https://help.openai.com/en/articles/6882433-incorrect-api-key-provided',
	'https://help.openai.com/en/articles/8867743-assign-api-key-permissions',
	'https://huggingface.co/docs/hub/models-gated',
	'https://huggingface.co/docs/inference-providers/en/index',
	'https://huggingface.co/docs/inference-providers/en/pricing',
	'https://learn.microsoft.com/en-in/azure/ai-services/openai/reference',
	'https://learn.microsoft.com/en-us/azure/ai-foundry/openai/how-to/content-filters',
	'https://lmstudio.ai/docs/api/openai-api',
	'https://lmstudio.ai/docs/cli/server-start',
	'https://ngrok.com/docs/using-ngrok-with/ollama',
	'https://openrouter.ai/docs/api/reference/overview',
	'https://openrouter.ai/docs/guides/privacy/zdr',
	'https://perplexity.mintlify.app/api-reference',
	'https://platform.claude.com/docs/api/supported-regions',
	'https://platform.claude.com/docs/en/api/errors',
	'https://platform.deepseek.com/api-docs/quick_start/error_codes',
	'https://platform.openai.com/docs/api-reference/models/list',
	'https://support.anthropic.com/en/articles/8977456-how-do-i-pay-for-my-api-usage',
	'https://support.claude.com/en/articles/12304248-managing-api-key-environment-variables-in-claude-code',
	'https://support.google.com/googleapi/answer/6158841',
	'https://volcengine.com/docs/82379/1299023',
	'https://www.alibabacloud.com/help/en/model-studio/developer-reference/error-code',
	'https://www.alibabacloud.com/help/en/model-studio/generate-temporary-api-key',
	'https://www.kimi.com/help/kimi-api/api-troubleshooting',
	'https://www.python-httpx.org/environment_variables',
	'https://www.repost.aws/ja/knowledge-center/bedrock-throttling-error',
];

export const DOCUMENTED_SOURCES: readonly string[] = [...FACT_SHEET_SOURCES, ...SEARCHED_SOURCES];

const normalise = (url: string): string => url.replace(/\/+$/, '').toLowerCase();
const allowed = new Set(DOCUMENTED_SOURCES.map(normalise));

export function isDocumentedSource(url: string): boolean {
	return allowed.has(normalise(url));
}
