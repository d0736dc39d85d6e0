// Posts a prepared multipart body from its own process, for bench/upload.ts:
// sending 185 MB from the bench's process held its event loop, and its own
// timed reads waited (up to 0.9 s) as if the server were slow.
// Usage: node post-file.mjs URL BODY_FILE CONTENT_TYPE COOKIE
// Prints {"status": N, "location": "…"} on stdout.
import fs from 'node:fs';

const [url, bodyFile, contentType, cookie] = process.argv.slice(2);
const response = await fetch(url, {
  method: 'POST',
  body: new Uint8Array(fs.readFileSync(bodyFile)),
  headers: { cookie, 'content-type': contentType },
  redirect: 'manual',
});
await response.arrayBuffer();
console.log(JSON.stringify({ status: response.status, location: response.headers.get('location') }));
