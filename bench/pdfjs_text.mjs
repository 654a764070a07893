// Print a PDF's text as Firefox's pdf.js viewer copies it: each text item of
// getTextContent() in order, a line break where pdf.js marks the end of a line.
//     node bench/pdfjs_text.mjs PDFJS_DIST_FOLDER FILE.pdf
// bench/render_bench.py runs it; pdfjs-dist comes from the npm registry and is
// never committed (see docs/benchmarks.md).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [dist, file] = process.argv.slice(2);
const pdfjs = await import(pathToFileURL(join(dist, "legacy", "build", "pdf.mjs")).href);
const data = new Uint8Array(readFileSync(file));
const document = await pdfjs.getDocument({ data, verbosity: 0, isEvalSupported: false }).promise;
const pages = [];
for (let number = 1; number <= document.numPages; number++) {
  const page = await document.getPage(number);
  const content = await page.getTextContent();
  pages.push(content.items.map((item) => (item.str ?? "") + (item.hasEOL ? "\n" : "")).join(""));
}
process.stdout.write(pages.join("\n"));
await document.destroy();
