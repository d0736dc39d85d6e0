/**
 * Representative cross-site scripting vectors, after the OWASP XSS Filter
 * Evasion Cheat Sheet and DOMPurify's public test payloads. Each one, if
 * it ever ran, would call `window.__xss.push(<its number>)` (the e2e test
 * defines that recorder before any page script), so a test can tell which
 * vector got through. Where a vector can only run `alert`, the test also
 * listens for dialogs.
 */
export interface XssVector {
  id: number;
  name: string;
  payload: string;
}

const RAW: Array<[string, string]> = [
  ['script tag', '<script>JS</script>'],
  ['script tag, mixed case', '<ScRiPt>JS</sCrIpT>'],
  ['script with src', '<script src="data:text/javascript,JS"></script>'],
  ['img onerror', '<img src=x onerror="JS">'],
  ['img onerror, no quotes', '<img src=x onerror=JS>'],
  ['img with grave accents', '<img src=`x` onerror=`JS`>'],
  ['malformed img', '<img """><script>JS</script>">'],
  ['svg onload', '<svg onload="JS">'],
  ['svg script', '<svg><script>JS</script></svg>'],
  ['body onload', '<body onload="JS">'],
  ['iframe javascript src', '<iframe src="javascript:JS"></iframe>'],
  ['iframe srcdoc', '<iframe srcdoc="<script>parent.JS</script>"></iframe>'],
  ['anchor javascript href', '<a href="javascript:JS">click</a>'],
  ['anchor with entity-encoded scheme', '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;JS">x</a>'],
  ['anchor with hex entities, no semicolons', '<a href="&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A;JS">x</a>'],
  ['anchor with embedded tab', '<a href="jav\tascript:JS">x</a>'],
  ['anchor with embedded newline', '<a href="jav&#x0A;ascript:JS">x</a>'],
  ['Markdown javascript link', '[click me](javascript:JS)'],
  ['Markdown link, mixed case scheme', '[click me](JaVaScRiPt:JS)'],
  ['Markdown image with javascript', '![x](javascript:JS)'],
  ['Markdown reference link', '[x][r]\n\n[r]: javascript:JS'],
  ['Markdown autolink', '<javascript:JS>'],
  ['data URL link', '<a href="data:text/html;base64,PHNjcmlwdD5wYXJlbnQud2luZG93Ll9feHNzLnB1c2goMjMpPC9zY3JpcHQ+">x</a>'],
  ['input autofocus onfocus', '<input autofocus onfocus="JS">'],
  ['details ontoggle', '<details open ontoggle="JS">'],
  ['video source onerror', '<video><source onerror="JS"></video>'],
  ['object data', '<object data="javascript:JS"></object>'],
  ['embed src', '<embed src="javascript:JS">'],
  ['meta refresh', '<meta http-equiv="refresh" content="0;url=javascript:JS">'],
  ['style attribute expression', '<div style="background:url(javascript:JS)">x</div>'],
  ['style tag import', '<style>@import "javascript:JS";</style>'],
  ['attribute breakout, double quote', '"><script>JS</script>'],
  ['attribute breakout, single quote', "'><img src=x onerror=JS>"],
  ['attribute breakout into a handler', '" onmouseover="JS" autofocus onfocus="JS" x="'],
  ['textarea breakout', '</textarea><script>JS</script>'],
  ['title breakout', '</title><script>JS</script>'],
  ['template breakout', '</template><img src=x onerror=JS>'],
  ['mXSS noscript', '<noscript><p title="</noscript><img src=x onerror=JS>">'],
  ['mXSS math/style', '<math><mtext><table><mglyph><style><img src=x onerror=JS>'],
  ['DOMPurify form clobbering', '<form><button formaction="javascript:JS">go</button></form>'],
  ['nested script split', '<scr<script>ipt>JS</scr</script>ipt>'],
  ['unicode-escaped script', '\u003cscript\u003eJS\u003c/script\u003e'],
  ['closing HTML comment', '--><script>JS</script><!--'],
  ['JSON breakout', '</script><script>JS</script>'],
];

/** `window.__xss.push(n)` in each payload (parent.JS becomes parent.window.__xss.push(n)). */
export const XSS_VECTORS: XssVector[] = RAW.map(([name, template], index) => ({
  id: index + 1,
  name,
  payload: template.replaceAll('JS', `window.__xss.push(${index + 1})`),
}));

/** All vectors in one text, one per line, for fields that take a single value. */
export function allVectors(separator = '\n\n'): string {
  return XSS_VECTORS.map((v) => v.payload).join(separator);
}
