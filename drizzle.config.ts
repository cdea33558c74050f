import { defineConfig } from 'drizzle-kit';

// Every module keeps its tables in a `tables.ts`; drizzle-kit diffs them all into one migration
// history that both the embedded database and PostgreSQL apply (src/core/db/migrate.ts).
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/**/tables.ts',
  out: './src/core/db/migrations',
});
