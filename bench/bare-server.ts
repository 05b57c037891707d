import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

/** The bound: a bare node:http server sending the same page from memory, as fast as this runtime can. */
const [file = '', port = '0'] = process.argv.slice(2);
const page = readFileSync(file);
const server = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': page.length });
  response.end(page);
});
server.listen(Number(port), '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${typeof address === 'object' && address ? address.port : port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
