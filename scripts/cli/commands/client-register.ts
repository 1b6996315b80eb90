import { readFile } from 'node:fs/promises';
import type { RegisterClientRequest, RegisterClientResponse } from '../../../gateway/src/registry/api';
import { EXIT, required, UsageError, type Command } from '../command';
import { emit, refused } from '../report';

const MODES = ['off', 'allow', 'require', 'inherit'];

/**
 * `client register --name <app> --brand <slug> --manifest <file> [--persisted off|allow|require|inherit] [--reason <text>]`:
 * stores a client app's operations (Apollo's persisted-query manifest) in the registry; the
 * gateway then runs them by id for that app.
 */
export const clientRegister: Command = {
  name: 'client register',
  args: '--name <app> --brand <slug> --manifest <file> [--persisted off|allow|require|inherit] [--reason <text>]',
  summary: 'store a client app’s operations (Apollo’s persisted-query manifest); the gateway runs them by id for that app',
  details: '--persisted sets the app’s own mode: off (ids refused), allow (ids and text), require (registered operations only), inherit (the gateway’s PERSISTED_OPERATIONS).',
  options: ['name', 'brand', 'manifest', 'persisted', 'reason'],
  async run(context) {
    const { values } = context;
    const name = required(values.name, '--name');
    const file = required(values.manifest, '--manifest');
    let manifest: unknown;
    try {
      manifest = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      throw new UsageError(`cannot read the manifest ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    if (values.persisted !== undefined && !MODES.includes(values.persisted)) throw new UsageError(`--persisted must be one of ${MODES.join(', ')}`);
    const request: RegisterClientRequest = {
      name,
      brand: required(values.brand, '--brand'),
      manifest,
      reason: values.reason,
      ...(values.persisted === undefined ? {} : { persistedOperations: values.persisted === 'inherit' ? null : (values.persisted as 'off' | 'allow' | 'require') }),
    };
    const answer = await context.client.post<RegisterClientResponse>('/registry/clients', request);
    if (!answer.ok) return refused(context, `client register ${name}`, answer.error);
    emit(context, answer.body, () => {
      const { client: app, added, changed } = answer.body;
      context.io.out(`registered ${app.name} (${app.brand}): ${app.operations} operation(s), ${added} new, ${changed} changed; persisted operations: ${app.persistedOperations ?? 'the gateway’s setting'}`);
    });
    return EXIT.done;
  },
};
