// HTML parsed into a DOM (linkedom), for the clipper, the editor's Markdown converter and feed
// discovery. linkedom loads on the first parse: a process that only serves pages never holds it.
import { onFirstUse } from './on-first-use.ts';

const linkedom = onFirstUse<typeof import('linkedom')>('linkedom');

/** linkedom's parseHTML: a window whose document holds the markup. */
export function parseHTML(html: string): ReturnType<typeof import('linkedom').parseHTML> {
  return linkedom().parseHTML(html);
}
