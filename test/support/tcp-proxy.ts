import net from 'node:net';

/**
 * A TCP relay on a loopback port to another one, counting the connections it relays: what an
 * attacker who could move a routing URL would put between the gateway and a subgraph.
 */
export interface TcpProxy {
  url: string;
  connections(): number;
  stop(): Promise<void>;
}

export function startTcpProxy(targetPort: number, path = '/graphql'): Promise<TcpProxy> {
  let count = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    count += 1;
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}${path}`,
        connections: () => count,
        stop: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
