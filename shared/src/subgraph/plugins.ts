import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import type { DataSource } from 'typeorm';
import { databaseFailure } from '../db/database-failure';
import { trellisError } from '../errors';
import type { Logger } from '../logger';
import type { SubgraphContext } from './definition';
import type { NonceStore } from './nonce-store';

/**
 * A mutation runs at most once per gateway signature: its nonce is claimed in the subgraph's
 * database before anything executes, so the same signed request replayed — to this instance or
 * another one — is refused with 401 and changes nothing.
 */
export function replayGuardPlugin(nonces: NonceStore): ApolloServerPlugin<SubgraphContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (operation?.operation !== 'mutation') return;
          const signature = contextValue.signature;
          if (!signature || !(await claim(nonces, signature))) {
            throw trellisError('UNAUTHENTICATED', 'Unauthenticated: this signed mutation was already executed; a replay changes nothing.', {
              http: { status: 401 },
            });
          }
        },
      };
    },
  };
}

/** Claims the nonce; a database that is away makes the mutation fail with its code, before anything runs. */
async function claim(nonces: NonceStore, signature: { nonce: string; expiresAt: Date }): Promise<boolean> {
  try {
    return await nonces.claim(signature.nonce, signature.expiresAt);
  } catch (error) {
    const failure = databaseFailure(error);
    if (failure) throw trellisError(failure.code, failure.message, { reason: failure.reason });
    throw error;
  }
}

/**
 * Reads of `@sensitive` fields are written to the access log before the response leaves; if that
 * fails, the data is withheld rather than served unlogged.
 */
export function accessLogPlugin(dataSource: DataSource, logger: Logger): ApolloServerPlugin<SubgraphContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          if (contextValue.accessLog.size === 0) return;
          const withheld = await flushAccessLog(dataSource, logger, contextValue);
          if (withheld) response.body = { kind: 'single', singleResult: withheld };
        },
      };
    },
  };
}

/**
 * Writes a request's access-log records; when that fails, the answer to send instead (the data
 * withheld, with the database's code, or an internal error).
 */
export async function flushAccessLog(dataSource: DataSource, logger: Logger, context: Pick<SubgraphContext, 'accessLog' | 'principal' | 'requestId'>): Promise<{ errors: GraphQLError[] } | undefined> {
  try {
    await context.accessLog.flush(dataSource.manager, context.principal, context.requestId);
    return undefined;
  } catch (error) {
    const failure = databaseFailure(error);
    logger.error('cannot write the access log; withholding the response', failure ? failure.message : error);
    return {
      errors: [
        failure
          ? trellisError(failure.code, `${failure.message} (The access log could not be written, so the data is withheld.)`, { reason: failure.reason })
          : trellisError('INTERNAL_SERVER_ERROR', 'Internal server error'),
      ],
    };
  }
}
