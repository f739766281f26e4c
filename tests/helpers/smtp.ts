/** A real SMTP server on 127.0.0.1 (npm smtp-server) that keeps what it receives. */
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'net';

export interface ReceivedMail {
  from?: string;
  to: string[];
  raw: string;
}

export interface SmtpServerOptions {
  /** Listen on this port (e.g. to bring a stopped server back); random when absent. */
  port?: number;
  /** Recipients answered with a permanent 550 at RCPT TO. */
  rejectRecipient?: (address: string) => boolean;
  /**
   * Called with each message (1-based count of messages that reached DATA) before it is accepted:
   * 'hold' never answers it and does not keep it (the sender hangs, e.g. until it is killed).
   */
  beforeAccept?: (mail: ReceivedMail, index: number) => 'accept' | 'hold' | Promise<'accept' | 'hold'>;
}

export async function startSmtpServer(options: SmtpServerOptions = {}) {
  const mails: ReceivedMail[] = [];
  let seen = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // No reverse DNS of 127.0.0.1 per connection (slow where DNS is unreachable).
    disableReverseLookup: true,
    closeTimeout: 1000,
    onRcptTo(address, _session, callback) {
      if (options.rejectRecipient?.(address.address)) {
        const error = new Error(`5.1.1 <${address.address}>: mailbox unavailable`) as Error & { responseCode: number };
        error.responseCode = 550;
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const mail: ReceivedMail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        };
        seen += 1;
        if (options.beforeAccept && (await options.beforeAccept(mail, seen)) === 'hold') return;
        mails.push(mail);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
