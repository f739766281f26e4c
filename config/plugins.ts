import type { Core } from '@strapi/strapi';

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Plugin => {
  const smtpHost = env('SMTP_HOST', '');
  const smtpPort = env.int('SMTP_PORT', 587);
  const from = env('SMTP_FROM', 'Support Desk <support@example.com>');

  return {
    'users-permissions': {
      config: {
        jwtSecret: env('JWT_SECRET'),
        jwt: { expiresIn: env('CUSTOMER_JWT_EXPIRES_IN', '7d') },
      },
    },
    email: {
      config: {
        provider: 'nodemailer',
        // Without SMTP_HOST nodemailer's JSON transport accepts mail and sends nothing;
        // the plugin logs that once at startup (see support-desk bootstrap).
        providerOptions: smtpHost
          ? {
              host: smtpHost,
              port: smtpPort,
              secure: env.bool('SMTP_SECURE', smtpPort === 465),
              ignoreTLS: env.bool('SMTP_IGNORE_TLS', false),
              auth: env('SMTP_USER') ? { user: env('SMTP_USER'), pass: env('SMTP_PASS') } : undefined,
              connectionTimeout: env.int('SMTP_TIMEOUT_MS', 10000),
            }
          : { jsonTransport: true },
        settings: {
          defaultFrom: from,
          defaultReplyTo: env('SMTP_REPLY_TO', from),
        },
      },
    },
    'support-desk': {
      enabled: true,
      resolve: './src/plugins/support-desk',
      config: {
        smtpConfigured: Boolean(smtpHost),
      },
    },
  };
};

export default config;
