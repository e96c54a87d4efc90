import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const alias = { "@": path.dirname(fileURLToPath(import.meta.url)) };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: "unit", include: ["{lib,app,components,scripts,workers,bench}/**/*.test.ts"], exclude: ["**/*.int.test.ts", "node_modules/**"], environment: "node" },
      },
      {
        resolve: { alias },
        test: {
          name: "int",
          include: ["{lib,app,scripts,workers,bench}/**/*.int.test.ts"],
          environment: "node",
          // Files share one database; run them one after another, tests inside a file in order.
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
