// Bundles each front-end (studio/, werkbak/) into dist/<name>/ for Verzuim.Host to serve.
// An app is a folder with main.js; its other static files (index.html, *.css, images) are copied as they are.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const apps = ['studio', 'werkbak'].filter(app => existsSync(join(app, 'main.js')));
rmSync('dist', { recursive: true, force: true });
mkdirSync('dist', { recursive: true });

for (const app of apps) {
  const out = join('dist', app);
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: [join(app, 'main.js')],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    sourcemap: true,
    outfile: join(out, 'app.js'),
    loader: { '.bpmn': 'text', '.woff': 'file', '.woff2': 'file', '.eot': 'file', '.ttf': 'file', '.svg': 'file' },
    logLevel: 'warning',
  });
  for (const file of readdirSync(app, { withFileTypes: true }))
    if (file.isFile() && !file.name.endsWith('.js')) cpSync(join(app, file.name), join(out, file.name));
}

// Shared look (Dutch government-style plain layout) for every app.
if (existsSync('shared/verzuim.css')) cpSync('shared/verzuim.css', join('dist', 'verzuim.css'));
console.log(`built ${apps.join(', ') || 'nothing'} into dist/`);
