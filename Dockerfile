# syntax=docker/dockerfile:1
# Build stage: compilers only here, for better-sqlite3's native addon.
FROM node:22-bookworm-slim AS build
RUN apt-get update \
	&& apt-get install -y --no-install-recommends python3 make g++ \
	&& rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

# Runtime stage: no compilers, no sources, no .env; runs as the unprivileged `node` user.
# Tesseract 5 with English and Simplified Chinese reads screenshots (OCR_ENABLED=false turns it off); sharp, which
# pre-processes them, ships its own libvips in node_modules.
FROM node:22-bookworm-slim
RUN apt-get update \
	&& apt-get install -y --no-install-recommends tini tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim \
	&& rm -rf /var/lib/apt/lists/*
# DISCORD_TOKEN_REQUIRED: without a token the container exits with an error, never runs the offline demo (a restart
# policy would otherwise keep the demo looping).
ENV NODE_ENV=production \
	NODE_OPTIONS=--enable-source-maps \
	DISCORD_TOKEN_REQUIRED=true \
	DATABASE_PATH=/data/doorman.db \
	LOG_FORMAT=json \
	HTTP_PORT=8080 \
	HTTP_HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY migrations ./migrations
COPY kb ./kb
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 8080
# `doorman health` asks the running bot's /healthz (gateway connected, database writable).
HEALTHCHECK --interval=30s --timeout=10s --start-period=20s --retries=3 \
	CMD ["node", "dist/cli/index.js", "health"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/cli/index.js", "start"]
