import type { ApolloServerPlugin } from '@apollo/server';
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
          try {
            await contextValue.accessLog.flush(dataSource.manager, contextValue.principal, contextValue.requestId);
          } catch (error) {
            const failure = databaseFailure(error);
            logger.error('cannot write the access log; withholding the response', failure ? failure.message : error);
            response.body = {
              kind: 'single',
              singleResult: {
                errors: [
                  failure
                    ? { message: `${failure.message} (The access log could not be written, so the data is withheld.)`, extensions: { code: failure.code, reason: failure.reason } }
                    : { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
                ],
              },
            };
          }
        },
      };
    },
  };
}
