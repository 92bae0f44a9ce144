// A free TCP port on the loopback interface, for a server a test starts.
//
// Picked below the OS's ephemeral range (Linux: /proc/sys/net/ipv4/ip_local_port_range,
// 32768–60999 by default). A port the OS hands out for a throwaway listen(0) is one it may
// hand out again a moment later to any outgoing connection or listen(0) on the machine —
// the workers project's workerd runs beside the e2e files — and once wrangler found its
// port taken that way ("Address already in use"). Below the range, only a listener that
// asks for that very port can take it.
import { readFileSync } from "node:fs";
import { createServer } from "node:net";

const LOWEST = 10_000;
/** Ports handed out already: a server's port and its inspector's are picked before either binds. */
const given = new Set<number>();

function ephemeralStart(): number {
  try {
    const start = Number(readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/)[0]);
    return Number.isInteger(start) && start > LOWEST + 1_000 ? start : 32_768;
  } catch {
    return 32_768;
  }
}

/** Whether a listener of ours can bind `port` on 127.0.0.1 now. */
function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

export async function freePort(): Promise<number> {
  const below = ephemeralStart();
  for (let tries = 0; tries < 100; tries++) {
    const port = LOWEST + Math.floor(Math.random() * (below - LOWEST));
    if (given.has(port) || !(await canBind(port))) continue;
    given.add(port);
    return port;
  }
  throw new Error(`no free port between ${LOWEST} and ${below}`);
}

/**
 * Resolves once nothing listens on `port` any more (a listener of ours can bind it), polling
 * every 50 ms; rejects after `timeoutMs`. A stopped `npm start` has exited, but the workerd
 * it started may hold its port a moment longer: a restart on the same port waits for this.
 */
export async function portReleased(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await canBind(port)) return;
    if (Date.now() >= deadline) throw new Error(`port ${port} still in use after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
