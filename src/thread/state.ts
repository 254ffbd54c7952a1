/** Lifecycle of a help thread: new → needs_info → answered | escalated → solved. */
export const THREAD_STATES = ['new', 'needs_info', 'answered', 'escalated', 'solved'] as const;
export type ThreadState = (typeof THREAD_STATES)[number];

/** What the core knows about a thread between events. */
export interface ThreadSnapshot {
	readonly threadId: string;
	readonly ownerId: string;
	readonly state: ThreadState;
	readonly muted: boolean;
	readonly staffTookOver: boolean;
}
