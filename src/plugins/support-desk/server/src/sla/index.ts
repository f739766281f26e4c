/** SLA core (pure): business-hours arithmetic. */
export * from './business-hours';
