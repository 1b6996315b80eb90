'use strict';
/**
 * Plain `@apollo/gateway` (the project's own copy, so versions match Trellis's) in Apollo Server's
 * standalone server, on the supergraph file. No authentication, no plugins: only what a subgraph
 * requires of every caller — each subgraph request signed over its exact body. The signing wraps
 * the data source's default fetcher (make-fetch-happen), so the HTTP client is Apollo's own.
 *
 * The supergraph's `@link(for: SECURITY)` features (`@authenticated`, `@requiresScopes`,
 * `@policy`) are acknowledged the way Trellis acknowledges them (its compiled
 * `acknowledgeEnforcedSecurityFeatures`): plain @apollo/gateway refuses to load a supergraph with
 * security features it does not enforce, and this peer, like every peer, enforces none.
 *
 * With BENCH_CAPTURE=<file> it also records every subgraph fetch (subgraph, body, start and end
 * time) of the last client request to that file: the direct-subgraph ceiling replays them.
 */
const fs = require('node:fs');
const { performance } = require('node:perf_hooks');
const { requireProject, requireDist, supergraph, createSigner, port, ready, onStop } = require('./lib/trellis.cjs');

const { ApolloServer } = requireProject('@apollo/server');
const { startStandaloneServer } = requireProject('@apollo/server/standalone');
const { ApolloGateway, RemoteGraphQLDataSource } = requireProject('@apollo/gateway');
const { acknowledgeEnforcedSecurityFeatures } = requireDist('gateway/src/supergraph/enforced-security-features.js');

const captureFile = process.env.BENCH_CAPTURE;
/** Fetches of the client request in flight (capture mode serves one request at a time). */
let captured = [];

async function main() {
  const signer = await createSigner();
  const { sdl } = supergraph();
  const gateway = new ApolloGateway({
    supergraphSdl: acknowledgeEnforcedSecurityFeatures(sdl),
    buildService: ({ name, url }) => {
      const source = new RemoteGraphQLDataSource({ url });
      const fetch = source.fetcher;
      source.fetcher = async (target, init) => {
        const signature = await signer.sign(name, init.body);
        const signed = { ...init, headers: { ...init.headers, [signer.header]: signature } };
        if (!captureFile) return fetch(target, signed);
        const started = performance.now();
        const response = await fetch(target, signed);
        const text = await response.text();
        captured.push({ subgraph: name, url: target, body: init.body, started, ended: performance.now(), response: text });
        return new response.constructor(text, { status: response.status, headers: response.headers });
      };
      return source;
    },
  });
  const server = new ApolloServer({
    gateway,
    plugins: captureFile
      ? [
          {
            async requestDidStart() {
              captured = [];
              return {
                async willSendResponse() {
                  fs.writeFileSync(captureFile, JSON.stringify(captured, null, 2));
                },
              };
            },
          },
        ]
      : [],
  });
  await startStandaloneServer(server, { listen: { port: port(), host: '127.0.0.1' } });
  onStop(() => server.stop());
  ready('plain @apollo/gateway');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
