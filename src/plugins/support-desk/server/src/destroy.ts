import type { Core } from '@strapi/strapi';

// Cron jobs and DB pools are closed by strapi.destroy(); nothing of ours holds resources yet.
const destroy = (_: { strapi: Core.Strapi }) => {};

export default destroy;
