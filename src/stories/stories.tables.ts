/** Row types of the stories tables (registered in db/schema.ts). */
export interface StoriesTables {}
