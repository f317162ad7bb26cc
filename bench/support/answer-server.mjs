// Minimal Batch-like server for benchmarks, run in its own process so its CPU does not skew the
// client's numbers. Answers every POST with an indexing token and every GET with an audience view.
// Prints its port on stdout, exits when stdin closes.
import { createServer } from "node:http";

const token = JSON.stringify({ indexing_token: "a0082dc6860938a26280bd3ba927303b" });
const view = JSON.stringify({ name: "bench", nb_ids: 1, indexing_state: "APPLIED" });

const server = createServer((req, res) => {
  req.on("data", () => {});
  req.on("end", () => {
    const body = req.method === "GET" ? view : token;
    res.writeHead(req.method === "GET" ? 200 : 202, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
    });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${server.address().port}\n`);
});
process.stdin.on("close", () => process.exit(0));
process.stdin.resume();
