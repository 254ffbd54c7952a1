import type { Client, SendableChannels } from 'discord.js';

/** The moderators' channel, to post in; throws (inside a `discordCall`) when it is not a text channel. */
export async function moderatorChannel(client: Client, channelId: string): Promise<SendableChannels> {
	const channel = await client.channels.fetch(channelId);
	if (channel === null || !channel.isSendable()) throw new Error('moderator channel is not a text channel');
	return channel;
}
