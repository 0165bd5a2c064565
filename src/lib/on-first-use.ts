// Packages a reader's page never needs (the DOM the clipper and the editor's converter parse with,
// image processing, mail, feed parsing, password hashing) load the first time they are used, not
// when the server starts: a process that only serves pages never holds them.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** A package, loaded (synchronously, once) the first time the returned function is called. */
export function onFirstUse<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => {
    loaded ??= require(name) as T;
    return loaded;
  };
}
