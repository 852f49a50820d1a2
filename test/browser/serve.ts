import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".css": "text/css",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".zip": "application/zip",
  ".png": "image/png",
};

/** A static server on localhost. */
export interface StaticServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serve a built site on a free localhost port, every response with the given headers, as a static host
 * configured for the app would.
 *
 * @param root - folder to serve
 * @param headers - headers added to every response
 * @param extra - further files by URL path (test probes), served with the same headers
 * @returns the base URL and a way to stop
 */
export async function serveStatic(
  root: string,
  headers: Readonly<Record<string, string>>,
  extra: Readonly<Record<string, string>> = {},
): Promise<StaticServer> {
  const server: Server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
    if (Object.hasOwn(extra, path)) {
      res.writeHead(200, { ...headers, "Content-Type": TYPES[extname(path)] ?? "text/plain" });
      res.end(extra[path]);
      return;
    }
    const file = normalize(join(root, path.endsWith("/") ? `${path}index.html` : path));
    if (!file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        ...headers,
        "Content-Type": TYPES[extname(file)] ?? "application/octet-stream",
        "Content-Length": body.length,
      });
      res.end(body);
    } catch {
      res.writeHead(404, headers).end();
    }
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}/`,
    close: () => new Promise<void>((ok, fail) => server.close((e) => (e ? fail(e) : ok()))),
  };
}
