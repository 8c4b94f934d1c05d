// Post-build step (scripts/post-build.mjs): gives dist/index.html a strict Content-Security-
// Policy. Trunk's loader is an inline module script whose text changes with
// every build (it names the hashed bundle), so its sha256 is computed here
// and allowed by hash; nothing else inline may run, and nothing may load
// from anywhere but the page's own origin.
import { createHash } from 'node:crypto';

// `html` (the staged index.html) with the policy after its charset.
export function addCsp(html) {
  const hashes = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)]
    .filter((m) => !/\bsrc=/.test(m[0]) && m[1].trim() !== '')
    .map((m) => `'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`);
  const policy = [
    "default-src 'none'",
    `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`.trim(),
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
  ].join('; ');
  html = html.replace(/<meta http-equiv="?Content-Security-Policy"?[^>]*>\s*/g, '');
  // Minified (release) or not: `<meta charset=utf-8>` or `<meta charset="utf-8">`.
  const charset = /<meta charset="?utf-8"?>/i;
  if (!charset.test(html)) throw new Error('csp: no <meta charset> in index.html to put the policy after');
  console.log(`csp: ${hashes.length} inline script(s) allowed by hash`);
  return html.replace(charset, (m) => `${m}\n  <meta http-equiv="Content-Security-Policy" content="${policy}">`);
}
