export interface SupportDeskConfig {
  /** Whether SMTP_HOST was set; without it mail goes to nodemailer's JSON transport. */
  smtpConfigured: boolean;
}

export default {
  default: { smtpConfigured: false } satisfies SupportDeskConfig,
  validator(config: SupportDeskConfig) {
    if (typeof config.smtpConfigured !== 'boolean') throw new Error('support-desk.smtpConfigured must be a boolean');
  },
};
