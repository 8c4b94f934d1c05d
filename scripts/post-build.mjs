// Trunk's post-build hook (Trunk.toml): the steps that rewrite the staged
// index.html, one after the other (Trunk runs separate hooks at once).
import { bundleStylesheets } from './css-bundle.mjs';
import { addCsp } from './csp.mjs';
import { minifyGlue } from './js-minify.mjs';

const dir = process.env.TRUNK_STAGING_DIR || process.argv[2] || 'dist';
bundleStylesheets(dir);
await minifyGlue(dir);
addCsp(dir);
