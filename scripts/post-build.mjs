// Trunk's post-build hook (Trunk.toml): the steps that rewrite the staged
// index.html, one after the other on one copy of it (Trunk runs separate
// hooks at once, and two of them writing the file lose each other's work).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleStylesheets } from './css-bundle.mjs';
import { addCsp } from './csp.mjs';
import { minifyGlue } from './js-minify.mjs';

const dir = process.env.TRUNK_STAGING_DIR || process.argv[2] || 'dist';
const file = path.join(dir, 'index.html');
let html = readFileSync(file, 'utf8');
html = bundleStylesheets(dir, html);
html = await minifyGlue(dir, html);
html = addCsp(html);
writeFileSync(file, html);
