import { resolveContact } from '../escalation/contact.js';
import { type PosterLanguage, t } from '../i18n/messages.js';
import type { KbEntry } from '../kb/entry-schema.js';
import type { VendorDirectory } from '../kb/vendors.js';
import type { Triage } from '../triage/types.js';

/** Who an answer's "If it persists" line sends the user to. */
export interface AnswerContact {
	/** The words after "contact": a party with its documented address or form, the desk, or the generic wording. */
	readonly text: string;
	/** The vendor record the line names (`openrouter`, `openai` …), or null when it names none. */
	readonly vendorId: string | null;
}

/**
 * The party an answer tells the user to contact when the fix does not work, from the vendor records (never from the
 * entry): the router or vendor that served the request first, then the vendor behind it, then the matched entry's
 * single vendor when the route is unknown (`candidateParties`); with its documented support email, else its support
 * form. A relay's operator comes first on a relay route, since no record names it. The community's desk
 * (`SUPPORT_EMAIL`) is named when no party documents a contact; otherwise the line stays generic. Pure.
 */
export function answerContact(
	entry: Pick<KbEntry, 'providers'>,
	triage: Pick<Triage, 'route' | 'model' | 'error'>,
	vendors: VendorDirectory | null,
	desk: string | null,
	lang: PosterLanguage = 'en',
): AnswerContact {
	const contact = resolveContact(
		{
			route: triage.route,
			providerNames: [triage.error?.providerError?.providerName, triage.error?.provider],
			model: triage.model,
			entryProviders: entry.providers,
		},
		vendors ?? new Map(),
		desk,
	);
	const party = contact.party;
	let partyText: string | null = null;
	if (party !== null && !contact.toDesk && contact.to !== null)
		partyText = t(lang, 'contact.partyEmail', { name: party.name, to: contact.to });
	else if (party !== null && contact.form !== null)
		partyText = t(lang, 'contact.partyForm', { name: party.name, form: contact.form });
	const deskText = contact.toDesk && contact.to !== null ? t(lang, 'contact.desk', { to: contact.to }) : null;
	// A party that documents no way to reach it is still worth naming when there is no desk to send the user to.
	const named = partyText ?? deskText ?? (party === null ? null : t(lang, 'contact.party', { name: party.name }));
	const vendorId = named !== null && named !== deskText ? (party?.id ?? null) : null;
	if (contact.viaRelay) {
		const operator = t(lang, 'contact.relayOperator');
		return {
			text:
				vendorId === null || named === null
					? operator
					: t(lang, 'contact.relayThenVendor', { operator, vendor: named }),
			vendorId,
		};
	}
	return { text: named ?? t(lang, 'contact.generic'), vendorId };
}
