import { z } from 'zod';
import {
	isEmailAddress,
	type Vendor,
	type VendorDirectory,
	vendorOfModel,
	vendorOfName,
	vendorOfProvider,
	vendorOfRoute,
} from '../kb/vendors.js';

/**
 * Why a party was chosen: it `served` the request (the route's router, relay or vendor), it is the vendor `behind`
 * the router that served it (named by the error or the model id), it is `named` by the error of a request whose
 * route is unknown, or it is the one vendor of the `matched` KB entry.
 */
export const PARTY_ROLES = ['served', 'behind', 'named', 'matched'] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];

/**
 * Where an escalation goes. `to` is always a bare email address or null, never a page or a sentence:
 * - the acting party documents an email: `to` is it, and the community's desk (SUPPORT_EMAIL), when set, is `cc`;
 * - it documents only a web form: `form` is that page ("Submit at <URL>") and `to` is the desk alone, when set;
 * - nothing is documented: `to` is the desk alone, when set.
 */
export const SupportContactSchema = z.object({
	party: z.object({ id: z.string(), name: z.string(), kind: z.string(), role: z.enum(PARTY_ROLES) }).nullable(),
	to: z.string().nullable(),
	cc: z.string().nullable(),
	/** The acting party's support web form, when it documents no email address. */
	form: z.string().nullable(),
	/** `to` is the community's desk, not the acting party. */
	toDesk: z.boolean(),
	/** The request went through a relay whose operator no record names; its operator is the first to ask. */
	viaRelay: z.boolean(),
});
export type SupportContact = z.infer<typeof SupportContactSchema>;

/** What the escalation knows about who served the request. */
export interface ContactFacts {
	/** Triage route (`openrouter`, `openai`, `relay`, `unknown` …). */
	readonly route: string;
	/** Provider names from the error: the router envelope's upstream provider, the body's provider. */
	readonly providerNames: readonly (string | null | undefined)[];
	/** Model id as posted (`openai/o3` names OpenAI behind a router). */
	readonly model: string | null;
	/** The `providers` of the KB entry the bot answered with (used when the route is not known). */
	readonly entryProviders: readonly string[];
}

export interface Party {
	readonly vendor: Vendor;
	readonly role: PartyRole;
}

const hasContact = (v: Vendor): boolean => v.support_email !== undefined || v.support_form !== undefined;

/**
 * Who could act, in order: the router, relay or vendor the route names (it served the request first), then the
 * vendor behind it (named by the error or by the model id's prefix), then, when the route named no one, the single
 * vendor of the matched entry. An entry that lists several vendors (or `any`) names no one.
 */
export function candidateParties(facts: ContactFacts, vendors: VendorDirectory): Party[] {
	const parties: Party[] = [];
	const add = (id: string | null, role: PartyRole) => {
		if (id === null || parties.some((p) => p.vendor.id === id)) return;
		const vendor = vendors.get(id);
		if (vendor !== undefined) parties.push({ vendor, role });
	};
	const served = vendorOfRoute(facts.route, vendors);
	add(served, 'served');
	const servedKind = served === null ? null : (vendors.get(served)?.kind ?? null);
	const fronted = facts.route === 'relay' || servedKind === 'router' || servedKind === 'relay';
	const upstreamRole: PartyRole = fronted ? 'behind' : 'named';
	for (const name of facts.providerNames) add(vendorOfName(name, vendors), upstreamRole);
	add(vendorOfModel(facts.model, vendors), upstreamRole);
	if (served === null) {
		const ids = [
			...new Set(
				facts.entryProviders.map((p) => vendorOfProvider(p, vendors)).filter((id): id is string => id !== null),
			),
		];
		const named = facts.entryProviders.some((p) => vendorOfProvider(p, vendors) === null);
		if (ids.length === 1 && !named) add(ids[0] ?? null, 'matched');
	}
	return parties;
}

/**
 * The escalation's addressees: the first party (see `candidateParties`) that documents an email or a web form, and
 * the community's desk (`desk`, SUPPORT_EMAIL) as Cc: beside a party's address, or alone in To: when the party
 * has only a web form or no party documents anything. Pure.
 */
export function resolveContact(facts: ContactFacts, vendors: VendorDirectory, desk: string | null): SupportContact {
	const parties = candidateParties(facts, vendors);
	const acting = parties.find((p) => hasContact(p.vendor)) ?? parties[0] ?? null;
	const deskTo = isEmailAddress(desk) ? desk.trim() : null;
	const email = acting?.vendor.support_email;
	const partyEmail = isEmailAddress(email) ? email.trim() : null;
	const party =
		acting === null
			? null
			: { id: acting.vendor.id, name: acting.vendor.name, kind: acting.vendor.kind, role: acting.role };
	const viaRelay = facts.route === 'relay';
	if (partyEmail !== null) {
		const cc = deskTo !== null && deskTo.toLowerCase() !== partyEmail.toLowerCase() ? deskTo : null;
		return { party, to: partyEmail, cc, form: null, toDesk: false, viaRelay };
	}
	return { party, to: deskTo, cc: null, form: acting?.vendor.support_form ?? null, toDesk: deskTo !== null, viaRelay };
}

/** The contact an escalation stored before contacts were recorded: its To: only when that is an email address. */
export function legacyContact(supportTo: string | null): SupportContact {
	const to = isEmailAddress(supportTo) ? supportTo.trim() : null;
	const form = to === null && supportTo !== null && /^https:\/\/\S+$/.test(supportTo.trim()) ? supportTo.trim() : null;
	return { party: null, to, cc: null, form, toDesk: false, viaRelay: false };
}
