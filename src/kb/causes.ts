/**
 * The cause taxonomy every knowledge-base entry belongs to.
 * @see ../../../shared/kb/causes.md (the 24 ids the evaluation labels use)
 */
export const CAUSE_IDS = [
	'unsupported_region',
	'model_access_not_granted',
	'org_verification_required',
	'usage_tier_gate',
	'byok_key_required',
	'router_moderation_flagged',
	'router_provider_policy_block',
	'key_credit_or_limit',
	'insufficient_permissions_scoped_key',
	'leaked_key_disabled',
	'invalid_or_revoked_key',
	'api_key_restrictions_mismatch',
	'api_not_enabled_in_project',
	'cloud_project_misconfigured',
	'cloud_iam_permission_missing',
	'account_suspended_or_banned',
	'ip_allowlist',
	'auth_method_disabled',
	'wrong_base_url_or_proxy_block',
	'relay_waf_block',
	'cors_origin_not_allowed',
	'misrouted_to_wrong_provider',
	'provider_content_filter_block',
	'oauth_pkce_invalid',
] as const;
export type CauseId = (typeof CAUSE_IDS)[number];

/**
 * Look-alikes with no cause of their own in the taxonomy: recognised so they are answered as what they are.
 * (401 invalid key, 402/429 credits, 400 content filter and OAuth PKCE map onto taxonomy ids.)
 */
export const LOOKALIKE_CAUSE_IDS = ['rate_limited'] as const;
export type LookalikeCauseId = (typeof LOOKALIKE_CAUSE_IDS)[number];

export const KNOWN_CAUSE_IDS: readonly string[] = [...CAUSE_IDS, ...LOOKALIKE_CAUSE_IDS];

const known = new Set(KNOWN_CAUSE_IDS);

export function isKnownCause(id: string): boolean {
	return known.has(id);
}
