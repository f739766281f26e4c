/** Notification core (pure): templates in zh-Hans and en, locale choice, retry schedule. */
export * from './backoff';
export * from './locale';
export * from './format';
export * from './templates';
export * from './render';
