export * from './state-machine';
export * from './priority';
