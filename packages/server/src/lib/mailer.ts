import nodemailer from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  readonly transport: 'smtp' | 'log';
  send(msg: MailMessage): Promise<void>;
}

/** SMTP through nodemailer when SMTP_URL is set; otherwise messages are written to the log (demo only). */
export function createMailer(opts: { smtpUrl?: string; from: string; log: { info: (obj: object, msg: string) => void } }): Mailer {
  if (opts.smtpUrl) {
    const transport = nodemailer.createTransport(opts.smtpUrl);
    return {
      transport: 'smtp',
      async send(msg) {
        await transport.sendMail({ from: opts.from, to: msg.to, subject: msg.subject, text: msg.text });
      },
    };
  }
  return {
    transport: 'log',
    async send(msg) {
      opts.log.info({ mail: { to: msg.to, subject: msg.subject, text: msg.text } }, 'e-mail (no SMTP configured)');
    },
  };
}
