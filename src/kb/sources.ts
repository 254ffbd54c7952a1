/**
 * Documentation pages a KB citation may point at: the official pages named in the project's fact sheet
 * (`shared/kb/facts.md`). `doorman kb lint` rejects any other citation URL, so an entry can never cite a page
 * nobody checked (the anchor failure: a 403 answered with an OAuth PKCE page).
 * Add a page here only together with the sentence from it that the entry quotes.
 */
export const DOCUMENTED_SOURCES: readonly string[] = [
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

const normalise = (url: string): string => url.replace(/\/+$/, '').toLowerCase();
const allowed = new Set(DOCUMENTED_SOURCES.map(normalise));

export function isDocumentedSource(url: string): boolean {
	return allowed.has(normalise(url));
}
