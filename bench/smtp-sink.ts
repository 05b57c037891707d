import { createServer } from 'node:http';
import { SMTPServer } from 'smtp-server';

/**
 * The newsletter bench's mail server, in a process of its own so that its CPU is measured apart
 * from the senders': smtp-server on 127.0.0.1, no authentication and no TLS, taking every message
 * and keeping nothing but the count of messages and bytes. Its first line of output is
 * "<smtp port> <counts port>"; GET on the counts port answers {"messages":…,"bytes":…}.
 */
let messages = 0;
let bytes = 0;

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['AUTH', 'STARTTLS'],
  logger: false,
  // Every message of a run goes over a handful of pooled connections; none is closed for idling mid-run.
  socketTimeout: 120_000,
  onData(stream, _session, callback) {
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
    });
    stream.on('end', () => {
      messages += 1;
      bytes += size;
      callback();
    });
  },
});

const counts = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ messages, bytes }));
});

const portOf = (address: ReturnType<typeof counts.address>) => (typeof address === 'object' && address !== null ? address.port : 0);

smtp.listen(0, '127.0.0.1', () => {
  counts.listen(0, '127.0.0.1', () => {
    process.stdout.write(`${portOf(smtp.server.address())} ${portOf(counts.address())}\n`);
  });
});
process.on('SIGTERM', () => {
  counts.close();
  smtp.close(() => process.exit(0));
});
