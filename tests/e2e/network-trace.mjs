// Reads the strace logs written by network-trace.sh (`strace -f -yy -e
// trace=network`) and says where the app sent data. Used by network.test.mjs;
// pure functions, so the rules are unit-tested on hand-written lines too.

/** System calls that send data to, or connect to, an address. */
const OUTGOING = new Set(["connect", "sendto", "sendmsg", "sendmmsg"]);

/**
 * Where one outgoing call goes: `{ family, address, port, localPort }`, read
 * from the socket address in the arguments or, when the call names none (a
 * connected socket), from the descriptor's description that `-yy` prints
 * (`5<TCP:[10.0.0.2:41000->93.184.216.34:443]>`), which also gives the local
 * port. `family` is "unix", "netlink", "inet", "inet6", or "unknown" when
 * strace said nothing usable.
 */
export function destinationOf(args) {
  // -yy: "7<TCP:[127.0.0.1:41000->127.0.0.1:4444]>" (inode only when unconnected).
  const fd = args.match(/^\d+<([A-Za-z0-9-]+):\[(.*?)\]>/);
  const [local, peer] = fd ? fd[2].split("->") : [];
  const portOf = (end) => (end && /:\d+$/.test(end) ? Number(end.slice(end.lastIndexOf(":") + 1)) : null);
  const localPort = /^(TCP|UDP)(v6)?$/.test(fd?.[1] ?? "") ? portOf(local) : null;
  const inet = args.match(/sa_family=AF_INET, sin_port=htons\((\d+)\), sin_addr=inet_addr\("([^"]+)"\)/);
  if (inet) return { family: "inet", address: inet[2], port: Number(inet[1]), localPort };
  const inet6 = args.match(/sa_family=AF_INET6, sin6_port=htons\((\d+)\).*?inet_pton\(AF_INET6, "([^"]+)"/);
  if (inet6) return { family: "inet6", address: inet6[2], port: Number(inet6[1]), localPort };
  const unix = args.match(/sa_family=AF_(?:UNIX|LOCAL), sun_path=(@?"[^"]*")/);
  if (unix) return { family: "unix", address: unix[1], port: null };
  if (/nl_family=AF_NETLINK/.test(args)) return { family: "netlink", address: "kernel", port: null };
  const other = args.match(/sa_family=(AF_\w+)/);
  if (other) return { family: "unknown", address: other[1], port: null };
  // No address in the call: the socket is connected; -yy says to what.
  if (fd) {
    const [, proto, ends] = fd;
    if (proto.startsWith("UNIX")) return { family: "unix", address: ends, port: null };
    if (proto === "NETLINK") return { family: "netlink", address: ends, port: null };
    if (peer && /^(TCP|UDP)$/.test(proto)) {
      return { family: "inet", address: peer.slice(0, peer.lastIndexOf(":")), port: portOf(peer), localPort };
    }
    const m = peer?.match(/^\[(.*)\]:(\d+)$/);
    if (m && /^(TCP|UDP)v6$/.test(proto)) return { family: "inet6", address: m[1], port: Number(m[2]), localPort };
  }
  return { family: "unknown", address: args.slice(0, 80), port: null };
}

function isLoopback({ family, address }) {
  if (family === "inet") return /^127\./.test(address);
  if (family === "inet6") return address === "::1" || /^::ffff:127\./.test(address);
  return false;
}

/** Unix sockets that only resolve host names (a lookup reaches the network). */
const RESOLVER_SOCKETS = /^"\/run\/systemd\/resolve\//;
/** glibc's name service cache: user and group lookups, but host names too, so
 * only a failed connection (no nscd running: nothing sent) is allowed. */
const NSCD_SOCKET = /^"\/(var\/)?run\/nscd\/socket"$/;

/**
 * Whether a destination is allowed: a unix socket (WebKit's own processes,
 * the X server, D-Bus) other than a DNS resolver's, netlink (the kernel), and
 * on loopback only the WebDriver automation link: WebKitWebDriver has the
 * app's web view listen on `inspectorPort` (WEBKIT_INSPECTOR_SERVER) and
 * talks to it there. Any other loopback port (a local proxy, a resolver on
 * 127.0.0.53) is refused like the network itself.
 */
export function isAllowed(destination, { inspectorPort = null, failed = false } = {}) {
  const { family, address, port, localPort } = destination;
  if (family === "unix") return !RESOLVER_SOCKETS.test(address) && (failed || !NSCD_SOCKET.test(address));
  if (family === "netlink") return true;
  const automation = inspectorPort !== null && (port === inspectorPort || localPort === inspectorPort);
  return isLoopback(destination) && automation;
}

/** The inspector port in a WEBKIT_INSPECTOR_SERVER value ("127.0.0.1:55377"). */
export function inspectorPortOf(value) {
  const m = /^(?:127\.0\.0\.1|localhost|\[::1\]):(\d+)$/.exec(value?.trim() ?? "");
  return m ? Number(m[1]) : null;
}

/** Whether a call's result says it failed: "= -1 ENOENT (No such file or
 * directory)" sends nothing, but a non-blocking connect's EINPROGRESS/EAGAIN
 * is still under way. */
const failedResult = (text) => / = -1 E(?!INPROGRESS|AGAIN)[A-Z]+/.test(text);

/** Every outgoing network call in one strace log, with its destination. */
export function outgoingCalls(log) {
  const calls = [];
  // A call interrupted by another thread's ends in "<unfinished ...>" (its
  // arguments are all there); its result comes later on "<... connect resumed>".
  const unfinished = new Map();
  for (const line of log.split("\n")) {
    const resumed = line.match(/^(\d+)\s+<\.\.\. (\w+) resumed>(.*)$/);
    if (resumed) {
      const call = unfinished.get(resumed[1]);
      if (call?.call === resumed[2]) call.failed = failedResult(resumed[3]);
      unfinished.delete(resumed[1]);
      continue;
    }
    // "1234  connect(7<UNIX-STREAM:[..]>, {sa_family=AF_UNIX, ...}, 110) = 0"
    const m = line.match(/^(\d+)\s+(\w+)\((.*)$/);
    if (!m || !OUTGOING.has(m[2])) continue;
    const call = { pid: Number(m[1]), call: m[2], destination: destinationOf(m[3]), failed: false, line };
    if (m[3].endsWith("<unfinished ...>")) unfinished.set(m[1], call);
    else call.failed = failedResult(m[3]);
    calls.push(call);
  }
  return calls;
}

/** "unix \"/tmp/.X11-unix/X99\"" and the like, for the report. */
export function describe({ family, address, port }) {
  return port === null ? `${family} ${address}` : `${family} ${address}:${port}`;
}
