'use strict';
/**
 * Hive Gateway (`createGatewayRuntime` from @graphql-hive/gateway, default options) on Node's HTTP
 * server, on the supergraph file.
 *
 *   HIVE_PLANNER=js|rust   js: Hive's own (graphql-tools) planner; rust: `unifiedGraphHandler` from
 *                          @graphql-hive/router-runtime (the Hive Router's Rust query planner)
 *   HIVE_DEDUP=on|off      in-flight deduplication of identical subgraph requests (the HTTP
 *                          transport's `deduplicateInflightRequests`; on is Hive's default)
 *
 * No authentication and no response cache. Every subgraph request is signed over its exact body in
 * an `onFetch` hook with Trellis's own signer (the hook runs after deduplication: one signed
 * request per deduplicated fetch).
 */
const http = require('node:http');
const { supergraph, createSigner, port, ready, onStop } = require('./lib/trellis.cjs');
const { createGatewayRuntime } = require('@graphql-hive/gateway');

const planner = process.env.HIVE_PLANNER ?? 'js';
const dedup = (process.env.HIVE_DEDUP ?? 'on') === 'on';
if (!['js', 'rust'].includes(planner)) throw new Error(`HIVE_PLANNER must be js or rust, not ${planner}`);

function bodyToSign(body) {
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  throw new Error(`cannot sign a subgraph request body of type ${body?.constructor?.name ?? typeof body}: only a string or bytes can be sent as signed`);
}

function withHeader(headers, name, value) {
  if (headers && typeof headers.entries === 'function' && !Array.isArray(headers)) {
    return { ...Object.fromEntries(headers.entries()), [name]: value };
  }
  if (Array.isArray(headers)) return { ...Object.fromEntries(headers), [name]: value };
  return { ...headers, [name]: value };
}

async function main() {
  const signer = await createSigner();
  const { sdl, subgraphs } = supergraph();
  const nameByUrl = new Map(subgraphs.map((s) => [s.url, s.name]));

  const signing = {
    onFetch({ url, options, setOptions, executionRequest }) {
      const audience = nameByUrl.get(String(url)) ?? executionRequest?.subgraphName;
      // Only subgraph calls are signed; a fetch to anywhere else is not this gateway's business here.
      if (!audience) return;
      const body = bodyToSign(options.body);
      return Promise.resolve(signer.sign(audience, body)).then((signature) => {
        setOptions({ ...options, headers: withHeader(options.headers, signer.header, signature) });
      });
    },
  };

  const gateway = createGatewayRuntime({
    supergraph: sdl,
    logging: 'error',
    plugins: () => [signing],
    ...(dedup ? {} : { transportEntries: { '*.http': { options: { deduplicateInflightRequests: false } } } }),
    ...(planner === 'rust' ? { unifiedGraphHandler: require('@graphql-hive/router-runtime').unifiedGraphHandler } : {}),
  });
  const server = http.createServer(gateway);
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port(), '127.0.0.1', resolve);
  });
  onStop(async () => {
    server.close();
    await gateway.dispose();
  });
  ready(`Hive Gateway (${planner} planner, dedup ${dedup ? 'on' : 'off'})`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
