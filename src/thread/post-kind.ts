import { saysStillFailing } from '../escalation/follow-up.js';
import { isHumanRequest } from '../escalation/policy.js';
import type { ErrorBody } from '../triage/types.js';

/**
 * What kind of post a message is, read from its prose (code blocks ignored):
 * - `self_solved`: the poster says it works now ("fixed it", "works now", "nvm", "解决了", "搞定了" …);
 * - `ack`: a short acknowledgement with nothing to diagnose ("thanks", "ok I'll look for it");
 * - `how_to` / `billing`: a usage or billing question with no error in it;
 * - `outage`: a server-side error (HTTP 5xx, 529, "overloaded"), not an access problem;
 * - `report`: anything else (an error report, a follow-up with details, a request for a person).
 */
export type PostKind = 'self_solved' | 'ack' | 'how_to' | 'billing' | 'outage' | 'report';

const SELF_SOLVED: readonly RegExp[] = [
	/\b(?:i|we|finally)? ?(?:fixed|solved|resolved|sorted|figured) (?:it|this|the (?:issue|problem|error))\b/i,
	/\b(?:i|we) (?:fixed|solved|resolved|sorted out|figured out)\b/i,
	/\bfigured it out\b/i,
	/\b(?:it|that|everything|this)(?:'s| is)? (?:works?|working|worked) (?:now|again|fine now)\b/i,
	/\b(?:works|working) now\b/i,
	/\b(?:got it|got this) (?:working|to work)\b/i,
	/\b(?:that|this|it) (?:did it|did the trick|worked|fixed it|solved it)\b/i,
	/\b(?:problem|issue|error) (?:is )?(?:solved|resolved|fixed|gone)\b/i,
	/^\W*(?:solved|resolved|fixed)\W*$/i,
	/\b(?:nvm|never ?mind)\b/i,
	/\ball good now\b/i,
	/\b(?:ya funciona|ya qued[oó]|lo (?:solucion[eé]|arregl[eé]|resolv[ií])|(?:est[aá] )?(?:solucionado|resuelto))\b/i,
	/\b(?:j[aá] (?:funciona|est[aá] funcionando)|(?:est[aá] )?resolvido|consegui (?:resolver|arrumar)|funcionou)\b/i,
	/(?:[cç]a (?:marche|fonctionne)(?: maintenant)?(?! pas)\b|c'est r[eé]gl[eé]|r[eé]solu\b|j'ai (?:r[eé]solu|corrig[eé]|trouv[eé]))/i,
	/\b(?:funktioniert jetzt|(?:hat )?geklappt|klappt jetzt|gel[oö]st|behoben)\b/i,
	/(?:解决了|已解决|搞定了|搞定|好了|可以了|成功了|弄好了|修好了|沒問題了|没问题了)/,
	/(?:解決しました|解決した|直りました|直った|動きました|動いた|できました)/,
	/(?:해결됐|해결했|해결되었|해결 ?완료|이제 ?(?:돼요|됩니다|작동))/,
	/(?:заработало|решено|получилось|исправил|починил|всё работает|все работает)/i,
];

/** Whole-message acknowledgements: thanks, ok, will try, looking for it. */
const ACK: readonly RegExp[] = [
	/\b(?:thanks|thank you|thx|ty|tysm|cheers|appreciate it)\b/i,
	/^\W*(?:ok(?:ay)?|k|kk|sure|cool|great|nice|got it|understood|alright|roger|noted|will do|sounds good)\b/i,
	/\b(?:i'?ll|i will|let me|gonna|going to) (?:try|check|look|test|see|give it a (?:try|go|shot)|have a look|find)\b/i,
	/^\W*(?:👍|🙏|👌|✅|❤️|\+1)+\W*$/u,
	/\b(?:gracias|obrigad[oa]|merci|danke|grazie)\b/i,
	/(?:谢谢|謝謝|多谢|好的|收到|明白了|ありがとう|了解|감사|고마워|알겠|спасибо|понял)/i,
];

const HOW_TO: readonly RegExp[] = [
	/^\W*(?:how (?:do|can|should|would) (?:i|we|you)|how to|is (?:there|it possible)|can (?:i|we|you)|does (?:the|it|this)|do (?:you|i) (?:need|have)|what(?:'s| is) the (?:best|right) way|where (?:do|can) i)\b/im,
	/^\W*(?:c[oó]mo (?:puedo|hago|se)|como (?:posso|fa[cç]o)|comment (?:faire|puis-je)|wie (?:kann|mache))\b/im,
	/(?:怎么|如何|どうやって|どうすれば|어떻게|как (?:мне|сделать|можно))/,
];

const BILLING =
	/\b(?:refund|refunds|refunded|invoice|invoices|billing|billed|charged?|payment|receipt|subscription|top[- ]?up|reembolso|factura|remboursement|facture|r[uü]ckerstattung|rechnung)\b|(?:退款|发票|充值|扣费|返金|請求書|환불|возврат)/i;

const stripCode = (text: string): string => text.replace(/```[\s\S]*?(```|$)/g, ' ').replace(/`[^`\n]*`/g, ' ');

/** A server-side failure or outage: HTTP 5xx (500, 502, 503, 529 …) or an "overloaded" error type. */
export function isOutage(error: ErrorBody | null): boolean {
	if (error === null) return false;
	if (error.status !== null && error.status >= 500 && error.status <= 599) return true;
	return /overloaded/i.test(`${error.type ?? ''} ${error.code ?? ''}`);
}

/**
 * Classifies one message. `error` is what triage found in this message on its own (null: no error at all); a
 * message that carries an error is a report (or an outage), whatever its words say, unless it says it works now.
 */
export function classifyPost(text: string, error: ErrorBody | null): PostKind {
	const prose = stripCode(text)
		.replace(/[\u2018\u2019\u02bc]/g, "'")
		.trim();
	if (isHumanRequest(text)) return 'report';
	const still = saysStillFailing(prose);
	if (!still && SELF_SOLVED.some((re) => re.test(prose))) return 'self_solved';
	if (isOutage(error)) return 'outage';
	if (error !== null || still) return 'report';
	const hasCode = /```/.test(text);
	if (!hasCode && prose.length <= 140 && ACK.some((re) => re.test(prose)) && !prose.includes('?')) return 'ack';
	if (BILLING.test(prose)) return 'billing';
	if (!hasCode && (HOW_TO.some((re) => re.test(prose)) || (prose.length >= 20 && /\?\s*$/.test(prose))))
		return 'how_to';
	return 'report';
}
