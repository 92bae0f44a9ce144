// A free TCP port on the loopback interface: the OS picks one for a throwaway listener.
import { createServer } from "node:net";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error("no port"))));
    });
  });
}

/**
 * Resolves once nothing listens on `port` any more (a listener of ours can bind it), polling
 * every 50 ms; rejects after `timeoutMs`. A stopped `npm start` has exited, but the workerd
 * it started may hold its port a moment longer: a restart on the same port waits for this.
 */
export async function portReleased(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const bound = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.unref();
      server.once("error", () => resolve(false));
      server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
    });
    if (bound) return;
    if (Date.now() >= deadline) throw new Error(`port ${port} still in use after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
