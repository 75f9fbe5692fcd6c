import http from "node:http";
import { hashPassword, hashPasswordBlocking } from "./passwords.js";
import { greeting, renderReport, renderReportAsync } from "./reports.js";

const port = Number(process.env.PORT ?? 3000);

const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url ?? "/", "http://localhost");
    switch (url.pathname) {
      case "/hash-blocking":
        res.end(await hashPasswordBlocking("secret", "salt"));
        break;
      case "/hash":
        res.end(await hashPassword("secret", "salt"));
        break;
      case "/report-blocking":
        res.end(await renderReport(".", url.searchParams.get("name") ?? "report"));
        break;
      case "/report":
        res.end(await renderReportAsync(".", url.searchParams.get("name") ?? "report"));
        break;
      case "/greeting":
        res.end(await greeting("service.json"));
        break;
      default:
        res.statusCode = 404;
        res.end("not found");
    }
  } catch (error) {
    res.statusCode = 500;
    res.end(String(error));
  }
});

server.listen(port, () => console.log(`example service on http://localhost:${port}`));

// Graceful shutdown: stop accepting connections, let requests in flight finish, then exit.
process.on("SIGTERM", () => server.close(() => process.exit(0)));
