import net from 'node:net';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The raw message: headers and body as sent. */
  data: string;
}

export interface SmtpSink {
  url: string;
  mails: ReceivedMail[];
  /** Resolves when `count` mails have arrived. */
  waitFor: (count: number) => Promise<ReceivedMail[]>;
  close: () => Promise<void>;
}

const REPLIES: Record<string, string> = {
  EHLO: '250 sink\r\n',
  HELO: '250 sink\r\n',
  DATA: '354 go ahead\r\n',
  QUIT: '221 bye\r\n',
};

/** A minimal SMTP server on 127.0.0.1 that keeps what it receives, so tests read the email nodemailer really sent. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const mails: ReceivedMail[] = [];
  const waiters: Array<() => void> = [];
  const server = net.createServer((socket) => {
    let buffer = '';
    let inData = false;
    let current: ReceivedMail = { from: '', to: [], data: '' };
    socket.write('220 sink ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          current.data = buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          mails.push(current);
          current = { from: '', to: [], data: '' };
          socket.write('250 queued\r\n');
          waiters.splice(0).forEach((wake) => wake());
          continue;
        }
        const newline = buffer.indexOf('\r\n');
        if (newline < 0) return;
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'MAIL') current.from = line.replace(/^MAIL FROM:\s*/i, '');
        if (verb === 'RCPT') current.to.push(line.replace(/^RCPT TO:\s*/i, ''));
        if (verb === 'DATA') inData = true;
        socket.write(REPLIES[verb] ?? '250 ok\r\n');
        if (verb === 'QUIT') socket.end();
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    waitFor: async (count) => {
      while (mails.length < count) await new Promise<void>((wake) => waiters.push(wake));
      return mails;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
