/** Raw RFC 5322 messages for the e-mail tests, composed by nodemailer's MailComposer. */
import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';

let n = 0;

/** A message as a mail program would send it; a fresh Message-ID unless one is given. */
export async function composeMail(options: Mail.Options & { headers?: Record<string, string> }): Promise<{ raw: Buffer; messageId: string }> {
  const messageId = (options.messageId as string | undefined) ?? `<t${Date.now().toString(36)}.${(n += 1)}@customer.test>`;
  const composer = new MailComposer({ date: new Date(), ...options, messageId });
  const raw = await new Promise<Buffer>((resolve, reject) => composer.compile().build((error, message) => (error ? reject(error) : resolve(message))));
  return { raw, messageId };
}
