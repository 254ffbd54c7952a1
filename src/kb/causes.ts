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

/** Where a report fits no cause of the taxonomy (an outage, a malformed request, a wrong model name). */
export const OTHER_CAUSE = 'other';

/**
 * Refinements of the taxonomy: recurring causes seen in real reports that are narrower than one of today's ids
 * (their `parent`), or fit none (`other`). Reports and predictions keep naming `parent` as the cause, with the
 * refined id beside it as `subcause`, so the 24 ids stay the contract. Documented in `kb/README.md`.
 */
export const REFINED_CAUSES = {
	relay_quota_exhausted: 'key_credit_or_limit',
	account_balance_insufficient: 'key_credit_or_limit',
	relay_no_channel_for_model: 'model_access_not_granted',
	subscription_or_license_required: 'model_access_not_granted',
	account_not_eligible: 'model_access_not_granted',
	organization_disabled: 'account_suspended_or_banned',
	api_key_missing: 'invalid_or_revoked_key',
	model_id_invalid: OTHER_CAUSE,
	upstream_server_error: OTHER_CAUSE,
	bad_request_parameters: OTHER_CAUSE,
} as const satisfies Record<string, string>;
export type RefinedCauseId = keyof typeof REFINED_CAUSES;

/** Ids an entry or a case may name: today's taxonomy, the look-alikes, `other`, and every refinement. */
export const KNOWN_CAUSE_IDS: readonly string[] = [
	...CAUSE_IDS,
	...LOOKALIKE_CAUSE_IDS,
	OTHER_CAUSE,
	...Object.keys(REFINED_CAUSES),
];

const known = new Set(KNOWN_CAUSE_IDS);
const refined: ReadonlyMap<string, string> = new Map(Object.entries(REFINED_CAUSES));

export function isKnownCause(id: string): boolean {
	return known.has(id);
}

/** The id in today's taxonomy that a (possibly refined) cause id reports as. */
export function parentCause(id: string): string {
	return refined.get(id) ?? id;
}

/** The refined id, when `id` is one; null for today's ids. */
export function subcauseOf(id: string): string | null {
	return refined.has(id) ? id : null;
}
