// Post-build step (scripts/post-build.mjs): minifies wasm-bindgen's JS glue,
// which Trunk's `minify` leaves as generated (−1.7 KB of gzip for the
// bundle budget), and gives its modulepreload link the new integrity hash.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { minify } from 'terser';

// `html` (the staged index.html) with the glue's new integrity hash.
export async function minifyGlue(dir, html) {
  const link = /<link\b[^>]*\brel="?modulepreload"?[^>]*>/.exec(html);
  if (!link) throw new Error('js-minify: no modulepreload link in index.html');
  const name = path.basename(/\bhref="?([^"\s>]+)"?/.exec(link[0])[1]);
  const js = path.join(dir, name);
  const out = await minify(readFileSync(js, 'utf8'), { module: true, compress: true, mangle: true });
  writeFileSync(js, out.code);
  const integrity = `sha384-${createHash('sha384').update(out.code).digest('base64')}`;
  console.log(`js-minify: ${name} minified`);
  return html.replace(link[0], link[0].replace(/\bintegrity="?[^"\s>]+"?/, `integrity="${integrity}"`));
}
