import nodemailer from 'nodemailer';
import { maskSecretsInText } from '../log/logger';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** Sends email, or says why it could not; never throws, since the link is shown in the product anyway. */
export interface Mailer {
  send(mail: Mail): Promise<{ sent: true } | { sent: false; reason: string }>;
}

/** A mailer for SMTP_URL, or null when none is configured (links are then only shown, not sent). */
export function smtpMailer(config: { smtpUrl?: string | null; smtpFrom?: string }): Mailer | null {
  if (!config.smtpUrl) return null;
  const transport = nodemailer.createTransport(config.smtpUrl);
  const from = config.smtpFrom ?? 'Tributary <tributary@localhost>';
  return {
    async send(mail) {
      try {
        await transport.sendMail({ from, ...mail });
        return { sent: true };
      } catch (error) {
        // The URL may carry the SMTP password; the reason is shown to the person inviting.
        const raw = error instanceof Error ? error.message : String(error);
        return { sent: false, reason: maskSecretsInText(raw.split(config.smtpUrl!).join('SMTP_URL')) };
      }
    },
  };
}
