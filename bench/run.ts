// `npm run bench -- <name> [options]`: runs bench/<name>.ts, which prints its figure and the reference it
// is compared with, measured in the same run. Without a name, or with an unknown one, lists the benchmarks.
import { readdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const here = new URL('.', import.meta.url);
const available = readdirSync(here)
  .filter((file) => file.endsWith('.ts') && file !== 'run.ts')
  .map((file) => file.slice(0, -3))
  .sort();

const [name, ...args] = process.argv.slice(2);
if (name === undefined || !available.includes(name)) {
  if (name !== undefined) console.error(`No benchmark named "${name}".`);
  console.error(`Usage: npm run bench -- <name> [options]\nBenchmarks: ${available.join(', ')}\nThe figures of the last run are in docs/BENCHMARKS.md.`);
  process.exit(name === undefined ? 0 : 2);
}
// Each benchmark reads its options from process.argv, as if it had been started directly.
process.argv = [process.argv[0] ?? 'node', new URL(`${name}.ts`, here).pathname, ...args];
await import(pathToFileURL(new URL(`${name}.ts`, here).pathname).href);
