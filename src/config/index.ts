export { loadConfig, type Environment } from './load.ts';
export { configSchema, secretKeys, secretValues, type Config } from './schema.ts';
