// An entry module that starts a server: it must close it when the platform stops the process.
import http from "node:http";
import net from "node:net";

const server = http.createServer((req, res) => res.end("ok"));
server.listen(Number(process.env.PORT ?? 8080)); // ok: shutdown-hygiene (the SIGTERM handler below closes it)

process.on("SIGTERM", () => {
  server.close();
  process.exit(0); // expect: shutdown-hygiene
});

process.on("SIGINT", () => {
  server.close(() => process.exit(0)); // ok: shutdown-hygiene
});

export function startAdminSocket(path: string) {
  return net.createServer(socket => socket.end("bye")).listen(path); // ok: shutdown-hygiene (inside a function: its caller owns the process)
}
