import { winston, formats } from '@strapi/logger';

// `level`, not formats.levelFilter: the latter keeps a single level only.
export default {
  level: process.env.LOG_LEVEL ?? 'http',
  format: formats.prettyPrint({ timestamps: 'YYYY-MM-DD HH:mm:ss.SSS' }),
  transports: [new winston.transports.Console()],
};
