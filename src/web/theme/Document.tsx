import { raw } from 'hono/html';
import type { Child, FC } from 'hono/jsx';

/**
 * The root of every HTML page: the doctype first, so browsers render in standards mode (without
 * it every page was in quirks mode), then <html> with the page's language.
 */
export const Document: FC<{ lang: string; children: Child }> = ({ lang, children }) => (
  <>
    {raw('<!DOCTYPE html>')}
    <html lang={lang}>{children}</html>
  </>
);
