import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { UserError } from "../../../src/errors.ts";

/** What the page is told: an event name and its JSON data. */
export interface PageEvent {
  readonly event: string;
  readonly data: unknown;
}

export interface WatchServerOptions {
  readonly host: string;
  /** 0 lets the system choose a free port. */
  readonly port: number;
  /** The watch page itself (watchPage.ts). */
  readonly page: string;
  /** The latest report page, or undefined before the first good run. */
  readonly report: () => string | undefined;
  /** The events a page that connects now needs to show the current state. */
  readonly currentEvents: () => readonly PageEvent[];
}

export interface WatchServer {
  readonly url: string;
  /** Sends an event to every open page (server-sent events). */
  publish(event: PageEvent): void;
  /** Stops listening and ends every connection, the event streams included. */
  close(): Promise<void>;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1"]);

/**
 * The HTTP server of `sim watch`, on Node's own http module (three routes need no
 * framework): `/` the watch page, `/report` the latest report page, `/events` the
 * server-sent event stream. It listens on `host` only (127.0.0.1 unless the user says
 * otherwise). On a loopback address a request must name a loopback host, so that a web
 * page elsewhere cannot read the report through a DNS name rebound to 127.0.0.1. A port
 * in use is the user's error, named.
 */
export async function startWatchServer(options: WatchServerOptions): Promise<WatchServer> {
  const streams = new Set<ServerResponse>();
  const server = createServer((request, response) => handle(request, response, options, streams));
  await listen(server, options.host, options.port);
  const { port } = server.address() as AddressInfo;
  const shownHost = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    url: `http://${shownHost}:${port}/`,
    publish: (event) => {
      for (const stream of streams) stream.write(formatEvent(event));
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const stream of streams) stream.end();
        streams.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") reject(new UserError(`--port ${port}: port ${port} on ${host} is in use; stop what listens there or choose another port with --port`));
      else if (error.code === "EADDRNOTAVAIL" || error.code === "ENOTFOUND" || error.code === "EACCES")
        reject(new UserError(`--host ${host} --port ${port}: cannot listen there (${error.code})`));
      else reject(error);
    });
    server.listen(port, host, () => resolve());
  });
}

function formatEvent(event: PageEvent): string {
  return `event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`;
}

function handle(request: IncomingMessage, response: ServerResponse, options: WatchServerOptions, streams: Set<ServerResponse>): void {
  if (LOOPBACK.has(options.host) && !LOOPBACK.has(hostnameOf(request.headers.host))) {
    send(response, 403, "text/plain", "sim watch answers only requests to a loopback host name\n");
    return;
  }
  const path = new URL(request.url ?? "/", "http://localhost").pathname;
  if (request.method !== "GET") {
    send(response, 405, "text/plain", "only GET\n");
  } else if (path === "/") {
    send(response, 200, "text/html; charset=utf-8", options.page);
  } else if (path === "/report") {
    const report = options.report();
    if (report === undefined) send(response, 404, "text/plain", "no report yet\n");
    else send(response, 200, "text/html; charset=utf-8", report);
  } else if (path === "/events") {
    response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store", connection: "keep-alive" });
    for (const event of options.currentEvents()) response.write(formatEvent(event));
    streams.add(response);
    request.on("close", () => streams.delete(response));
  } else {
    send(response, 404, "text/plain", "not found\n");
  }
}

function send(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  response.end(body);
}

/** The host name of a Host header (`127.0.0.1:8417`, `[::1]:8417`, `localhost`). */
function hostnameOf(header: string | undefined): string {
  if (header === undefined) return "";
  const bracketed = /^\[([^\]]+)\]/.exec(header);
  if (bracketed !== null) return bracketed[1] as string;
  return header.replace(/:\d+$/, "");
}
