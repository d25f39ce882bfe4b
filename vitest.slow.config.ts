// `npm run test:slow`: the slow tier on SQLite (CI runs it; so does `npm run test:postgres`, on PostgreSQL).
import { defineConfig } from 'vitest/config';
import base, { slowTests } from './vitest.config.ts';

export default defineConfig({ ...base, test: { ...base.test, include: slowTests, exclude: [] } });
