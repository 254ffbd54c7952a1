/** SMTP settings, as the config slice gives them. */
export interface SmtpSettings {
	readonly host: string;
	readonly port: number;
	/** true: TLS from the first byte (port 465). false: plain, upgraded with STARTTLS when offered (587/25). */
	readonly secure: boolean;
	readonly user?: string;
	readonly password?: string;
	/** The From address, e.g. `Doorman <doorman@example.com>`. */
	readonly from: string;
	/** Default Reply-To, so vendor replies reach the moderators. */
	readonly replyTo?: string;
}
