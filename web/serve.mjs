// npm run serve: serves build/web on http://127.0.0.1:8080 (PORT and HOST override).
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createStaticServer } from './static-server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'build', 'web');
if (!fs.existsSync(path.join(root, 'index.html'))) {
  console.error(`No viewer in ${root}: run "npm run build" first.`);
  process.exit(1);
}
const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT || 8080);
createStaticServer(root).listen(port, host, () => {
  console.log(`kspan viewer: http://${host}:${port}/  (serving ${root}; Ctrl-C to stop)`);
});
