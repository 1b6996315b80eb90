import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { useMemo } from 'react';
import { GraphiQL } from 'graphiql';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { useSession } from '../session';

const DEFAULT_QUERY = `# The graph, with your token already set: governance applies as for any client.
# Ctrl-Enter runs the operation; the Docs pane lists what you may ask for.
query Brands {
  brands {
    slug
    name
    lifecycle
  }
}
`;

/** The bundled GraphiQL (every asset served by the gateway), sending the signed-in caller's token. */
export default function Explorer() {
  const { token } = useSession();
  const fetcher = useMemo(
    () =>
      createGraphiQLFetcher({
        url: `${location.origin}/graphql`,
        headers: { authorization: `Bearer ${token}`, 'apollographql-client-name': 'trellis-console' },
      }),
    [token],
  );
  return (
    <section className="explorer" aria-label="Explorer">
      <h1 className="visually-hidden">Explorer</h1>
      <GraphiQL fetcher={fetcher} defaultQuery={DEFAULT_QUERY} shouldPersistHeaders={false} />
    </section>
  );
}
