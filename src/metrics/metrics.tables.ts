/** Row types of the metrics tables (registered in db/schema.ts). */
export interface MetricsTables {}
