'use strict';
/**
 * The direct-subgraph ceiling: what a client would see with zero gateway work.
 *
 * BENCH_REPLAY names a file of waves — the exact subgraph requests a gateway made for the
 * storefront query (subgraph, URL, body), grouped so that each wave holds the requests that ran
 * in parallel and a wave starts only when the previous one has answered (captured once, by the
 * harness, from plain @apollo/gateway's outgoing requests). For each client request this server
 * replays the waves in order, every subgraph request freshly signed with Trellis's own signer
 * (the same HTTP client as Trellis: Node's fetch), and answers with the last subgraph answer as it
 * came. No parsing, planning, validation or merging: the subgraphs' work plus the hops.
 *
 * It answers every POST with the storefront query's replay, whatever the body says. A subgraph
 * answering non-200 or with GraphQL errors makes the answer a 502 naming it.
 */
const fs = require('node:fs');
const http = require('node:http');
const { createSigner, port, ready, onStop } = require('./lib/trellis.cjs');

async function main() {
  const signer = await createSigner();
  const { waves } = JSON.parse(fs.readFileSync(process.env.BENCH_REPLAY, 'utf8'));
  if (!Array.isArray(waves) || waves.length === 0) throw new Error('BENCH_REPLAY has no waves');

  const call = async ({ subgraph, url, body }) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', [signer.header]: await signer.sign(subgraph, body) },
      body,
    });
    const text = await response.text();
    if (response.status !== 200 || text.includes('"errors"')) throw new Error(`${subgraph} answered HTTP ${response.status}: ${text.slice(0, 300)}`);
    return text;
  };

  const replay = async () => {
    let answers = [];
    for (const wave of waves) answers = await Promise.all(wave.map(call));
    return answers[answers.length - 1];
  };

  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      replay().then(
        (text) => {
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
          res.end(text);
        },
        (error) => {
          const text = JSON.stringify({ errors: [{ message: String(error.message ?? error) }] });
          res.writeHead(502, { 'content-type': 'application/json' });
          res.end(text);
        },
      );
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port(), '127.0.0.1', resolve);
  });
  onStop(() => new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  }));
  ready(`direct-subgraph replay (${waves.length} waves, ${waves.flat().length} subgraph requests)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
