'use strict';
/**
 * What every peer server takes from Trellis itself: the compiled request signer (so a peer signs
 * subgraph calls exactly as Trellis's subgraphs require), the gateway's private key, the bench
 * principal, and the supergraph file. All of it comes from the harness through the environment:
 *
 *   TRELLIS_ROOT          the project (its compiled tree is TRELLIS_ROOT/dist, from `npm run build`)
 *   BENCH_SIGNING_KEY     the gateway's private JWK file (<TRELLIS_DATA_DIR>/secrets/gateway-signing-key.json)
 *   BENCH_PRINCIPAL       the caller every subgraph request is signed for (JSON)
 *   BENCH_SUPERGRAPH      the supergraph file, as served by the registry's GET /supergraph
 *   PORT                  where to listen (127.0.0.1)
 */
const fs = require('node:fs');
const path = require('node:path');
const { randomUUID } = require('node:crypto');
const { createRequire } = require('node:module');

const root = path.resolve(process.env.TRELLIS_ROOT ?? path.join(__dirname, '..', '..', '..'));
/** `require` as the project resolves it: the project's own @apollo/gateway, @apollo/server, graphql. */
const requireProject = createRequire(path.join(root, 'package.json'));
/** A module of the project's compiled tree. */
const requireDist = (file) => require(path.join(root, 'dist', file));

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (peers are started by \`npm run bench:peers\`)`);
  return value;
}

/** The supergraph as read from the file, and its subgraphs (name, routing URL). */
function supergraph() {
  const sdl = fs.readFileSync(required('BENCH_SUPERGRAPH'), 'utf8');
  const { joinGraphsOf } = requireDist('gateway/src/supergraph/join-graphs.js');
  return { sdl, subgraphs: joinGraphsOf(sdl) };
}

/**
 * `sign(subgraphName, body)` → the `x-trellis-signature` header value for that exact body, made by
 * Trellis's own `RequestSigner` with the gateway's key, for the fixed bench principal.
 */
async function createSigner() {
  const { RequestSigner, SIGNATURE_HEADER } = requireDist('shared/src/auth/signing.js');
  const { importSigningKey } = requireDist('shared/src/auth/keys.js');
  const key = await importSigningKey(JSON.parse(fs.readFileSync(required('BENCH_SIGNING_KEY'), 'utf8')));
  const signer = new RequestSigner(key);
  const principal = JSON.parse(required('BENCH_PRINCIPAL'));
  return {
    header: SIGNATURE_HEADER,
    sign: (audience, body) => signer.sign({ audience, method: 'POST', body, principal, requestId: randomUUID() }),
  };
}

function port() {
  return Number(required('PORT'));
}

/** One line on stdout the harness waits for. */
function ready(what) {
  console.log(`ready: ${what} on http://127.0.0.1:${port()}/graphql (pid ${process.pid})`);
}

/** Stop on SIGTERM/SIGINT; `close` may be async. */
function onStop(close) {
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    Promise.resolve()
      .then(close)
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

module.exports = { root, requireProject, requireDist, supergraph, createSigner, port, ready, onStop };
