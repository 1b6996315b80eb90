import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { trellisError } from '../errors';
import { findUnsafeInput, type InputGuardOptions } from './input-guard';

/** The gateway's default for `maxStringLength`: generous for any text a person writes, far below a request body. */
export const DEFAULT_MAX_INPUT_STRING_LENGTH = 10_000;

/**
 * Refuses an operation whose arguments hold a value that must not reach a resolver (see
 * `findUnsafeInput`) once it is parsed and validated, before it is planned or executed: at the
 * gateway no subgraph is called; in a subgraph no resolver runs. `BAD_USER_INPUT`, HTTP 400, the
 * message and `extensions.field` naming the argument.
 */
export function ApolloServerPluginInputGuard<TContext extends BaseContext>(options: InputGuardOptions = {}): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operationName, request }) {
          const unsafe = findUnsafeInput({ schema, document, operationName: operationName ?? request.operationName, variables: request.variables }, options);
          if (unsafe) throw trellisError('BAD_USER_INPUT', `${unsafe.path}: ${unsafe.message}`, { field: unsafe.path, http: { status: 400 } });
        },
      };
    },
  };
}
