// Reads the comment form's fields from the raw request body, refusing text that is not UTF-8
// (browsers' own decoders would turn it silently into replacement characters).

export type FormRead =
  | { ok: true; fields: Map<string, string> }
  | { ok: false; status: 400 | 415; message: string };

const FATAL = new TextDecoder('utf-8', { fatal: true });

export async function readCommentForm(contentType: string | undefined, body: ArrayBuffer): Promise<FormRead> {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const bytes = new Uint8Array(body);
  if (!isUtf8(bytes)) return notUtf8();
  if (type === 'application/x-www-form-urlencoded' || (type === '' && bytes.length === 0)) {
    const fields = new Map<string, string>();
    for (const pair of FATAL.decode(bytes).split('&')) {
      if (!pair) continue;
      const eq = pair.indexOf('=');
      const name = percentDecode(eq < 0 ? pair : pair.slice(0, eq));
      const value = percentDecode(eq < 0 ? '' : pair.slice(eq + 1));
      if (name === null || value === null) return notUtf8();
      if (!fields.has(name)) fields.set(name, value);
    }
    return { ok: true, fields };
  }
  if (type === 'multipart/form-data') {
    let form: FormData;
    try {
      form = await new Request('http://form.invalid/', {
        method: 'POST',
        headers: { 'content-type': contentType! },
        body: bytes,
      }).formData();
    } catch {
      return { ok: false, status: 400, message: 'The form data could not be read.' };
    }
    const fields = new Map<string, string>();
    for (const [name, value] of form) {
      if (typeof value === 'string' && !fields.has(name)) fields.set(name, value);
    }
    return { ok: true, fields };
  }
  return {
    ok: false,
    status: 415,
    message:
      'Comments are sent with the comment form (application/x-www-form-urlencoded or multipart/form-data).',
  };
}

function notUtf8(): FormRead {
  return {
    ok: false,
    status: 400,
    message:
      'The comment’s text is not valid UTF-8, so it cannot be read. Send it from the form on the post page.',
  };
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    FATAL.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** application/x-www-form-urlencoded decoding that fails on invalid UTF-8 instead of hiding it. */
function percentDecode(text: string): string | null {
  if (!/[%+]/.test(text)) return text;
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '+') bytes.push(0x20);
    else if (ch === '%' && /^[0-9a-f]{2}$/i.test(text.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      const code = text.codePointAt(i)!;
      if (code > 0xffff) i++;
      bytes.push(...encoder.encode(String.fromCodePoint(code)));
    }
  }
  try {
    return FATAL.decode(new Uint8Array(bytes));
  } catch {
    return null;
  }
}
