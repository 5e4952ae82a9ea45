export { loadConfig, type Environment } from './load.ts';
export { configSchema, secretKeys, type Config } from './schema.ts';
