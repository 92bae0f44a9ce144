// drizzle-kit writes SQL migrations from src/db/schema.ts into migrations/ (`npm run db:generate`).
// wrangler applies them (`npm run db:migrate:local`, `npm run db:migrate:remote`).
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  schema: "./src/db/schema.ts",
  out: "./migrations",
});
