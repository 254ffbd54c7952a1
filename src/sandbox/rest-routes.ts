import { appRoutes } from './routes-app.js';
import { channelRoutes } from './routes-channels.js';
import { interactionRoutes } from './routes-interactions.js';
import { messageRoutes } from './routes-messages.js';

/** The whole REST route table, first match wins. */
export const restRoutes = [...appRoutes, ...channelRoutes, ...messageRoutes, ...interactionRoutes];
