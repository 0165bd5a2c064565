// Writing XML by hand, safely: every text and attribute goes through xml(), which also drops the
// characters XML 1.0 forbids (a stray control character makes a whole feed unreadable).

const NOT_XML =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Text or an attribute value, escaped for XML. */
export function xml(text: string | null | undefined): string {
  return (text ?? '').replace(NOT_XML, '').replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** RFC 822 dates for RSS: "Mon, 31 Jul 2017 10:00:00 GMT". */
export function rfc822(iso: string): string {
  return new Date(iso).toUTCString();
}

/** An ISO instant as Atom wants it (RFC 3339). */
export function rfc3339(iso: string): string {
  return new Date(iso).toISOString();
}
