import { type PosterLanguage, t } from '../i18n/messages.js';
import { isEmailAddress } from '../kb/vendors.js';
import { legacyContact, type SupportContact } from './contact.js';
import type { EscalationRecord } from './types.js';

/** The contact an escalation was addressed to (rebuilt from its To: for escalations stored before contacts). */
export const recordContact = (e: EscalationRecord): SupportContact => e.summary.contact ?? legacyContact(e.supportTo);

/** Who an escalation's email goes to, and whether that is the acting party or the community's desk alone. */
export interface EmailRecipients {
	readonly to: string;
	readonly cc: string | null;
	readonly toDesk: boolean;
}

/**
 * The recipients of an escalation's email: its stored To: (always an email address; the acting party's, with the
 * desk as Cc:, or the desk alone), else the desk (`desk`, SUPPORT_EMAIL) when it was set after the escalation was
 * made. Null when there is no email address at all (a party with only a web form and no desk): no email is sent.
 * A stored To: that is not an email address (a page or a sentence from before contacts were checked) never is one.
 */
export function emailRecipients(e: EscalationRecord, desk: string | null | undefined): EmailRecipients | null {
	const contact = recordContact(e);
	if (isEmailAddress(e.supportTo)) {
		const to = e.supportTo.trim();
		return { to, cc: contact.cc, toDesk: contact.toDesk };
	}
	if (isEmailAddress(desk)) return { to: desk.trim(), cc: null, toDesk: true };
	return null;
}

/** Why there is no address to email: the party's web form when it has one. */
export function noAddressMessage(e: EscalationRecord, lang: PosterLanguage = 'en'): string {
	const contact = recordContact(e);
	const party = contact.party?.name ?? t(lang, 'mod.contact.theProvider');
	const id = String(e.id);
	return contact.form === null
		? t(lang, 'mod.noAddress', { id, party })
		: t(lang, 'mod.noAddressForm', { id, party, url: contact.form });
}
