/** Small, pure text helpers for one-line and code-block-safe output (length and mentions: src/message-text.ts). */

/** Collapses all whitespace (including line breaks, so no header injection) into single spaces. */
export const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** Keeps text from closing a Markdown code block it is placed in. */
export const defuseFences = (text: string): string => text.replace(/```/g, "'''");
