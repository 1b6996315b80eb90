import type { ApolloServerPlugin } from '@apollo/server';
import Negotiator from 'negotiator';

const JSON_TYPE = 'application/json';
const GRAPHQL_RESPONSE_TYPE = 'application/graphql-response+json';

/** The media type Apollo Server answers a request with, from its Accept header (as Apollo negotiates it). */
export function negotiatedMediaType(accept: string | undefined): string | undefined {
  if (!accept) return JSON_TYPE;
  return new Negotiator({ headers: { accept } }).mediaType([JSON_TYPE, GRAPHQL_RESPONSE_TYPE]) ?? undefined;
}

/**
 * GraphQL over HTTP: a request that fails before execution (parse, validation, variable coercion,
 * an operation limit) answers 4xx with `application/graphql-response+json`, but SHOULD answer 200
 * with legacy `application/json`, whose clients read errors from the body. Apollo Server answers
 * 400 for both; this plugin restores 200 for `application/json` clients.
 */
export function ApolloServerPluginJsonRequestErrorStatus(): ApolloServerPlugin {
  return {
    async requestDidStart({ request }) {
      return {
        async willSendResponse({ response }) {
          if (response.http.status !== 400 || response.body.kind !== 'single') return;
          if ('data' in response.body.singleResult) return;
          if (negotiatedMediaType(request.http?.headers.get('accept')) === JSON_TYPE) response.http.status = 200;
        },
      };
    },
  };
}
