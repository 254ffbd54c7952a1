import { describe, expect, it } from 'vitest';
import {
	canModerate,
	decideEscalation,
	type EscalationFacts,
	firedTriggers,
	isHumanRequest,
	type LatestEscalation,
} from '../../../src/escalation/policy.js';

const T = 1_000_000;
const decide = (facts: EscalationFacts, latest: LatestEscalation | null = null, eventAt = T) =>
	decideEscalation({ facts, latest, eventAt });

describe('human requests', () => {
	it.each([
		'!human',
		'!HUMAN please',
		'ok !human',
		'Can I talk to a human?',
		'I want to SPEAK TO A PERSON',
		'is there a real person here',
		'I need support with this',
		'can I speak to someone',
		'please, talk to someone from the team',
		'Human please!',
		'I’d like to talk to a real person',
	])('recognises %j', (text) => {
		expect(isHumanRequest(text)).toBe(true);
	});

	it.each([
		'that is humane',
		'humanity is doomed',
		'the error is human-readable',
		'!humane',
		'!humans',
		'I need supporting docs',
		"I don't need support, it works now",
		'no need to talk to a human',
		'```\n# talk to a human\n```',
		'the log says `need support` somewhere',
		'talk to a humanoid robot',
		'',
	])('does not mistake %j for one', (text) => {
		expect(isHumanRequest(text)).toBe(false);
	});
});

describe('when to escalate', () => {
	it('escalates when the owner pressed "Didn\'t help"', () => {
		expect(decide({ didntHelp: true })).toEqual({
			kind: 'escalate',
			trigger: 'didnt_help',
			triggers: ['didnt_help'],
			episode: 1,
		});
	});

	it('escalates when the owner asks for a human', () => {
		expect(decide({ ownerText: 'can I talk to a human' })).toMatchObject({ trigger: 'asked_for_human' });
	});

	it('escalates on low confidence only once the owner gave error body, model and code', () => {
		const low = { match: { entryId: 'x', score: 0.2, escalate: false, confident: false } };
		expect(decide({ ...low, missing: [] })).toMatchObject({ kind: 'escalate', trigger: 'low_confidence' });
		expect(decide({ ...low, missing: ['code'] })).toEqual({ kind: 'none', reason: 'NO_TRIGGER' });
		expect(decide({ match: null, missing: [] })).toMatchObject({ trigger: 'low_confidence' });
		expect(decide({ match: { entryId: 'x', score: 0.8, escalate: false, confident: true }, missing: [] })).toEqual({
			kind: 'none',
			reason: 'NO_TRIGGER',
		});
		// A match the matcher would not answer with (ambiguous, only weak hints) is low confidence whatever its score.
		expect(
			decide({ match: { entryId: 'x', score: 0.8, escalate: false, abstained: true, confident: false }, missing: [] }),
		).toMatchObject({ kind: 'escalate', trigger: 'low_confidence' });
	});

	it('escalates a vendor-needed cause only after the owner tried the fix, not with the first answer', () => {
		const facts = { match: { entryId: 'policy-block', score: 0.9, escalate: true, confident: true }, missing: [] };
		expect(decide(facts)).toEqual({ kind: 'none', reason: 'NO_TRIGGER' });
		expect(decide({ ...facts, triedFix: true })).toMatchObject({ trigger: 'vendor_needed' });
		expect(
			firedTriggers({ ...facts, triedFix: true, match: { ...facts.match, score: 0.1, confident: false } }),
		).toEqual(['low_confidence']);
	});

	it('escalates when a moderator asks, and records the strongest trigger when several fire', () => {
		expect(decide({ byModerator: true })).toMatchObject({ trigger: 'moderator' });
		expect(decide({ didntHelp: true, ownerText: '!human', byModerator: true })).toMatchObject({
			trigger: 'moderator',
			triggers: ['moderator', 'didnt_help', 'asked_for_human'],
		});
	});

	it('does nothing without a trigger', () => {
		expect(decide({ ownerText: 'still broken' })).toEqual({ kind: 'none', reason: 'NO_TRIGGER' });
	});
});

describe('once per thread episode', () => {
	const open: LatestEscalation = { id: 7, episode: 1, status: 'claimed', closedAt: null };
	const closed: LatestEscalation = { id: 7, episode: 1, status: 'resolved', closedAt: T };

	it('absorbs new triggers while an escalation is open, claimed or emailed', () => {
		for (const status of ['open', 'claimed', 'emailed'] as const) {
			expect(decide({ didntHelp: true }, { ...open, status })).toEqual({
				kind: 'duplicate',
				reason: 'ALREADY_ESCALATED',
				escalationId: 7,
			});
		}
	});

	it('starts a new episode when the owner comes back after it was closed', () => {
		expect(decide({ ownerText: '!human' }, closed, T + 1)).toMatchObject({ kind: 'escalate', episode: 2 });
		expect(decide({ ownerText: '!human' }, { ...closed, status: 'dismissed' }, T + 1)).toMatchObject({ episode: 2 });
	});

	it('does not reopen the episode for an event from before the closure (a late or replayed message)', () => {
		expect(decide({ ownerText: '!human' }, closed, T - 5)).toEqual({
			kind: 'duplicate',
			reason: 'EPISODE_CLOSED',
			escalationId: 7,
		});
	});

	it('after a Dismiss or Resolve, the poster’s ordinary next message never escalates again', () => {
		const vendor = {
			match: { entryId: 'policy-block', cause: 'content_policy', score: 0.9, escalate: true, confident: true },
			missing: [],
			triedFix: true,
		};
		const low = { match: { entryId: 'x', score: 0.1, escalate: false, confident: false }, missing: [] };
		for (const status of ['resolved', 'dismissed'] as const) {
			const done = { ...closed, status, cause: 'content_policy' };
			expect(decide(vendor, done, T + 1)).toMatchObject({ kind: 'duplicate', reason: 'EPISODE_CLOSED' });
			expect(decide(low, done, T + 1)).toMatchObject({ kind: 'duplicate', reason: 'EPISODE_CLOSED' });
			// Asking again does start a new episode, recorded as the request.
			expect(decide({ ...vendor, ownerText: 'can I talk to a human?' }, done, T + 1)).toMatchObject({
				kind: 'escalate',
				trigger: 'asked_for_human',
				episode: 2,
			});
			expect(decide({ didntHelp: true }, done, T + 1)).toMatchObject({ kind: 'escalate', episode: 2 });
		}
	});

	it('a vendor-needed cause other than the closed one is a new episode', () => {
		const facts = {
			match: { entryId: 'suspended', cause: 'account_suspended', score: 0.9, escalate: true, confident: true },
			missing: [],
			triedFix: true,
		};
		expect(decide(facts, { ...closed, cause: 'content_policy' }, T + 1)).toMatchObject({
			kind: 'escalate',
			trigger: 'vendor_needed',
			episode: 2,
		});
	});

	it('lets a moderator start a new episode after a closure', () => {
		expect(decide({ byModerator: true }, closed, T - 5)).toMatchObject({ kind: 'escalate', episode: 2 });
	});
});

describe('canModerate', () => {
	it('follows the moderator flag', () => {
		expect(canModerate({ isModerator: true })).toBe(true);
		expect(canModerate({ isModerator: false })).toBe(false);
	});
});
