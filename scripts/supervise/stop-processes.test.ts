import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stopInOrder } from './stop-processes';

/** A node process that, on SIGTERM, notes it in `log`, takes `lingerMs` to finish, notes that, and exits 0. */
function service(name: string, log: string, lingerMs: number, ignoreTerm = false) {
  const script = `
    const fs = require('fs');
    process.on('SIGTERM', () => {
      fs.appendFileSync(${JSON.stringify(log)}, '${name} told\\n');
      ${ignoreTerm ? '' : `setTimeout(() => { fs.appendFileSync(${JSON.stringify(log)}, '${name} gone\\n'); process.exit(0); }, ${lingerMs});`}
    });
    setInterval(() => {}, 1000);
    process.send('ready');`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return new Promise<{ name: string; process: typeof child }>((resolve) => child.once('message', () => resolve({ name, process: child })));
}

describe('stopInOrder', () => {
  let log: string;
  beforeEach(() => {
    log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-stop-')), 'log');
    fs.writeFileSync(log, '');
  });

  it('tells a group only when the one before it has exited', async () => {
    const [gateway, brands, inventory] = await Promise.all([service('gateway', log, 200), service('brands', log, 50), service('inventory', log, 50)]);
    const stopped = await stopInOrder([[gateway], [brands, inventory]], 10_000);
    const lines = fs.readFileSync(log, 'utf8').trim().split('\n');
    expect(lines.slice(0, 2)).toEqual(['gateway told', 'gateway gone']);
    expect(lines.slice(2).sort()).toEqual(['brands gone', 'brands told', 'inventory gone', 'inventory told']);
    expect(stopped).toEqual([
      { name: 'gateway', outcome: 'code 0', killed: false },
      { name: 'brands', outcome: 'code 0', killed: false },
      { name: 'inventory', outcome: 'code 0', killed: false },
    ]);
  });

  it('kills a process that does not stop within the bound, and goes on', async () => {
    const [stuck, next] = await Promise.all([service('stuck', log, 0, true), service('next', log, 0)]);
    const stopped = await stopInOrder([[stuck], [next]], 300);
    expect(stopped).toEqual([
      { name: 'stuck', outcome: 'SIGKILL', killed: true },
      { name: 'next', outcome: 'code 0', killed: false },
    ]);
    expect(fs.readFileSync(log, 'utf8').trim().split('\n')).toEqual(['stuck told', 'next told', 'next gone']);
  });

  it('passes over a process that has already exited', async () => {
    const gone = await service('gone', log, 0);
    gone.process.kill('SIGKILL');
    await new Promise((resolve) => gone.process.once('exit', resolve));
    expect(await stopInOrder([[gone]], 1000)).toEqual([{ name: 'gone', outcome: 'SIGKILL', killed: false }]);
  });
});
